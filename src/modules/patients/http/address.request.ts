import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO31661Alpha2, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { trim, trimToNull } from '../../../infrastructure/http/trim.js';
import { trimToUpper } from './trim-to-upper.js';

/** A postal address, given and replaced whole. */
export class AddressRequest {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '3 Test Lane' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  line1: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, type: String })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  line2?: string | null;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Testburgh' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string | null;

  @ApiPropertyOptional({ maxLength: 20, nullable: true, type: String, example: '1000-001' })
  @Transform(trimToNull)
  @IsOptional()
  @IsString()
  @MaxLength(20)
  postalCode?: string | null;

  @ApiProperty({ example: 'PT', description: 'ISO 3166-1 alpha-2 country code' })
  @Transform(trimToUpper)
  @IsString()
  @IsISO31661Alpha2({ message: 'address.country must be an ISO 3166-1 alpha-2 code such as PT or US' })
  country: string;
}
