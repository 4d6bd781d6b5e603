import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { trim, trimToNull } from '../../../infrastructure/http/trim.js';

/** Fields left out stay as they are; phone null (or empty) clears it. */
export class UpdateHospitalRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Transform(trim)
  // A name can change but not disappear: null is refused.
  @ValidateIf((_object, value) => value !== undefined)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Transform(trim)
  @ValidateIf((_object, value) => value !== undefined)
  @IsString()
  @Length(1, 200)
  address?: string;

  @ApiPropertyOptional({ maxLength: 40, nullable: true, type: String })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional()
  @ValidateIf((_object, value) => value !== undefined)
  @IsBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({ example: 'Europe/Lisbon', maxLength: 64 })
  @Transform(trim)
  @ValidateIf((_object, value) => value !== undefined)
  @IsString()
  @Length(1, 64)
  timeZone?: string;
}
