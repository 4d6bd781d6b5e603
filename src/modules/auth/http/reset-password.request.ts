import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ResetPasswordRequest {
  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: 128,
    description: 'At least 12 characters, not common, not the email',
  })
  @IsString()
  @Length(1, 1024)
  newPassword: string;
}
