import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { AvailabilityRequest } from './availability.request.js';

export class PractitionerAvailabilityRequest extends AvailabilityRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this department’s slots; every department of theirs when left out' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}
