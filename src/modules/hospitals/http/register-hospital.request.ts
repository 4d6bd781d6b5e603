import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { trim, trimToNull } from '../../../infrastructure/http/trim.js';

/** Shapes only; the rules (phone digits, IANA zone) are the domain's (hospital-details.ts). */
export class RegisterHospitalRequest {
  @ApiProperty({ example: 'Riverside General Hospital', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: '12 Harbour Road, Port Example', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  address: string;

  @ApiPropertyOptional({ example: '+1 555 010 4477', maxLength: 40, nullable: true, type: String, description: '7 to 20 digits' })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({
    example: 'Europe/Lisbon',
    maxLength: 64,
    description: 'IANA time zone; DEFAULT_TIME_ZONE when left out',
  })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timeZone?: string;
}
