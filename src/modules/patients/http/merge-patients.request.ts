import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class MergePatientsRequest {
  @ApiProperty({ format: 'uuid', description: 'The surviving record; the one in the path becomes merged and points to it' })
  @IsUUID()
  intoPatientId: string;
}
