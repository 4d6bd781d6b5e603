import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { trim } from './trim.js';

export class FindUsersRequest {
  @ApiPropertyOptional({ enum: ['active', 'locked', 'deactivated'] })
  @IsOptional()
  @IsIn(['active', 'locked', 'deactivated'])
  status?: 'active' | 'locked' | 'deactivated';

  @ApiPropertyOptional({ description: 'Users holding this role', example: 'nurse' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  role?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  hospitalId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Case-insensitive part of the email or display name' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 50;
}
