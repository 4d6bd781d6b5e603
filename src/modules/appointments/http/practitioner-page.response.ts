import { ApiProperty } from '@nestjs/swagger';
import { PractitionerResponse } from './practitioner.response.js';

export class PractitionerPageResponse {
  @ApiProperty({ type: [PractitionerResponse], description: 'By display name, then id' })
  items: PractitionerResponse[];
  @ApiProperty()
  page: number;
  @ApiProperty()
  pageSize: number;
  @ApiProperty({ description: 'Whether another page follows (no total is counted)' })
  hasMore: boolean;
}
