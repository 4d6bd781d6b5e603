import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';

/** Where a user works and their practitioner profile; optional on create and on update, null clears a field. */
export class UserProfileRequest {
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
