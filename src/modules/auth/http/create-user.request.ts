import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';
import { UserProfileRequest } from './user-profile.request.js';

/** Lengths match the CHECK constraints of the users table. */
export class CreateUserRequest extends UserProfileRequest {
  @ApiProperty({ example: 'ward.nurse@hospital.example', maxLength: 254 })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Ward Nurse', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  displayName: string;

  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: 128,
    description: 'Initial password: at least 12 characters, not common, not the email',
  })
  @IsString()
  @Length(1, 1024)
  password: string;

  @ApiProperty({ type: [String], example: ['nurse'], description: 'Role names; you must hold every permission they give' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  roles: string[];
}
