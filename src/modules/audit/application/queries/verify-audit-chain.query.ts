import { Query } from '@nestjs/cqrs';
import type { Actor } from '@hms/ddd';

export interface ChainVerificationView {
  readonly valid: boolean;
  readonly checked: number;
  readonly firstBrokenSequence: number | null;
  readonly reason: string | null;
  readonly lastSequence: number | null;
}

/** Recomputes the hash chain over a range of sequences (all of it by default). */
export class VerifyAuditChain extends Query<ChainVerificationView> {
  constructor(
    readonly fromSequence: number | undefined,
    readonly toSequence: number | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
