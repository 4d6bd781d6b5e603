import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';
import { UserProfileRequest } from './user-profile.request.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_POLICY_SUMMARY } from '../domain/password-policy.js';

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
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: `Initial password: ${PASSWORD_POLICY_SUMMARY}`,
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
