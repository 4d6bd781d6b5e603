import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageRequest } from '../../../infrastructure/http/page.request.js';

const STATUSES = ['active', 'locked', 'deactivated'] as const;

/** Filters of the practitioner list; page-number pages by display name (GET /users and GET /patients page alike). */
export class ListPractitionersRequest extends PageRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'The practitioner’s hospital' })
  @IsOptional()
  @IsUUID()
  hospitalId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A department they work in: their own department, or one they hold a schedule in',
  })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({
    maxLength: 100,
    example: 'Cardiology',
    description: 'The practitioner’s specialty as on their account (users.specialty), whole, case-insensitive',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  specialty?: string;

  @ApiPropertyOptional({ enum: STATUSES, description: 'The account’s status; active ones are those a booking accepts' })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: (typeof STATUSES)[number];
}
