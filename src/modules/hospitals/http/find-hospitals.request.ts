import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageRequest } from '../../../infrastructure/http/page.request.js';
import { trim } from '../../../infrastructure/http/trim.js';

/** Query strings carry text: only the words true and false are booleans. */
const booleanWord = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class FindHospitalsRequest extends PageRequest {
  @ApiPropertyOptional({ maxLength: 200, description: 'Case-insensitive part of the name, taken literally' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: Boolean })
  @Transform(booleanWord)
  @IsOptional()
  @IsBoolean({ message: 'isActive must be true or false' })
  isActive?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Hospitals imported by this batch' })
  @IsOptional()
  @IsUUID()
  batchId?: string;
}
