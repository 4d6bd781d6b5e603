import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_POLICY_SUMMARY } from '../domain/password-policy.js';

export class ResetPasswordRequest {
  @ApiProperty({
    format: 'password',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: PASSWORD_POLICY_SUMMARY,
  })
  @IsString()
  @Length(1, 1024)
  newPassword: string;
}
