import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, ValidateIf } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';

export class UpdateDepartmentRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Transform(trim)
  @ValidateIf((_object, value) => value !== undefined)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$' })
  @Transform(trim)
  @ValidateIf((_object, value) => value !== undefined)
  @IsString()
  @Length(1, 20)
  code?: string;
}
