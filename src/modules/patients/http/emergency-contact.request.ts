import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';

export class EmergencyContactRequest {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Rui Quintela' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ minLength: 1, maxLength: 50, example: 'brother' })
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  relationship: string;

  @ApiProperty({ maxLength: 40, example: '+351 21 555 0102', description: '7 to 15 digits, optional leading +' })
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  phone: string;
}
