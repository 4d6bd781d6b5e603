import { Injectable, Logger } from '@nestjs/common';
import type { ChainVerification } from './audit-chain-verification.js';
import { AuditMetrics } from './audit-metrics.js';
import { AuditVerifier } from './audit-verifier.js';

/** Entries of the older chain re-verified per scheduled run, on top of the new ones. */
export const ROLLING_RECHECK_ROWS = 50_000;

/**
 * The worker's scheduled verification, in two parts per run:
 * - the entries appended since the last run, continuing from the last entry
 *   found intact (kept in memory, so a rewritten predecessor cannot vouch
 *   for them);
 * - the next window of the whole chain, round and round from sequence 1, so
 *   an edit to an old entry is found too, within (chain length / window)
 *   runs, without walking millions of rows every interval.
 * Any break sets audit_chain_valid to 0 and logs an error naming the
 * sequence, on every run until someone deals with it.
 */
@Injectable()
export class AuditChainMonitor {
  private readonly logger = new Logger(AuditChainMonitor.name);
  private checkpoint?: { readonly sequence: number; readonly hash: Buffer };
  private recheckFrom = 1;
  /** Where the current pass over the older chain ends: the checkpoint when the pass began. */
  private passEnd = 0;

  constructor(
    private readonly verifier: AuditVerifier,
    private readonly metrics: AuditMetrics,
  ) {}

  async verifyNow(): Promise<ChainVerification> {
    const fresh = await this.verifier.verify({ anchor: this.checkpoint });
    if (fresh.valid && fresh.lastSequence !== null && fresh.lastHash) {
      this.checkpoint = { sequence: fresh.lastSequence, hash: fresh.lastHash };
    }
    const result = fresh.valid ? await this.recheckOlder() : fresh;
    if (!result.valid) {
      this.logger.error(
        { firstBrokenSequence: result.firstBrokenSequence, reason: result.reason },
        'audit chain verification failed: the audit store was altered or has lost entries',
      );
    }
    this.metrics.reportChain(result.valid);
    return result;
  }

  private async recheckOlder(): Promise<ChainVerification> {
    if (this.recheckFrom > this.passEnd) {
      this.recheckFrom = 1;
      this.passEnd = this.checkpoint?.sequence ?? 0;
    }
    const toSequence = Math.min(this.passEnd, this.recheckFrom + ROLLING_RECHECK_ROWS - 1);
    const result = await this.verifier.verify({ fromSequence: this.recheckFrom, toSequence });
    if (result.valid) this.recheckFrom = toSequence + 1;
    return result;
  }
}
