import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class VerifyAuditChainRequest {
  @ApiPropertyOptional({ minimum: 1, description: 'First sequence to check (default 1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  fromSequence?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'Last sequence to check (default: the head of the chain)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  toSequence?: number;
}
