import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageRequest } from '../../../infrastructure/http/page.request.js';
import { trim } from '../../../infrastructure/http/trim.js';

export class FindUsersRequest extends PageRequest {
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
}
