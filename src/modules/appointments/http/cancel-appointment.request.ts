import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';

export class CancelAppointmentRequest {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    description: 'Why (free text, kept on the appointment and shown with it; never in events or logs)',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason: string;
}
