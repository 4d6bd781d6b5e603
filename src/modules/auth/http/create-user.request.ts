import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';

/** Lengths match the CHECK constraints of the users table. */
export class CreateUserRequest {
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

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  hospitalId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  departmentId?: string | null;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String, example: 'nurse' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, 100)
  profession?: string | null;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, 100)
  specialty?: string | null;

  @ApiPropertyOptional({ maxLength: 50, nullable: true, type: String })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, 50)
  licenceNumber?: string | null;
}
