import { ApiProperty } from '@nestjs/swagger';

export class ChainVerificationResponse {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'Entries whose hash was recomputed' }) checked: number;
  @ApiProperty({ type: Number, nullable: true }) firstBrokenSequence: number | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The last sequence found intact' }) lastSequence: number | null;
}
