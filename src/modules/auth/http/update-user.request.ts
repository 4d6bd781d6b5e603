import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';

/** Fields left out stay as they are; null clears an optional field. Email, password and roles have their own routes. */
export class UpdateUserRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Transform(trim)
  // A display name can change but not disappear: null is refused.
  @ValidateIf((_object, value) => value !== undefined)
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  hospitalId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  departmentId?: string | null;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String })
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
