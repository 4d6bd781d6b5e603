import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { trim } from '../../../infrastructure/http/trim.js';

/** The name pattern and the description length match the CHECK constraints of the roles table. */
export class CreateRoleRequest {
  @ApiProperty({ pattern: '^[a-z][a-z0-9_]{1,49}$', example: 'ward_clerk' })
  @Transform(trim)
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,49}$/, {
    message: 'name must be 2-50 lowercase letters, digits or underscores, starting with a letter',
  })
  name: string;

  @ApiPropertyOptional({ maxLength: 500, default: '' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiProperty({ type: [String], example: ['users:read:hospital'], description: 'From GET /api/v1/permissions' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  permissions: string[];
}
