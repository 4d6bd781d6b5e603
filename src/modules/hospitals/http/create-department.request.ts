import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';

export class CreateDepartmentRequest {
  @ApiProperty({ example: 'Cardiology', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({
    example: 'CARD',
    pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$',
    description: 'Unique within the hospital, whatever its case',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 20)
  code: string;
}
