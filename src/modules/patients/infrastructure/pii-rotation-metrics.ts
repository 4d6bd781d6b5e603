import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../../../infrastructure/metrics/metrics.service.js';

/** Key rotation metrics, on the application's registry; labelled by kind and status only. */
@Injectable()
export class PiiRotationMetrics {
  readonly rowsRewritten: Counter<'kind'>;
  readonly finished: Counter<'kind' | 'status'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.rowsRewritten = new Counter({
      name: 'pii_rotation_rows_rewritten_total',
      help: 'Patient rows re-encrypted (kind=encryption) or re-indexed (kind=blind-index) by key rotations',
      labelNames: ['kind'] as const,
      registers,
    });
    this.finished = new Counter({
      name: 'pii_rotations_finished_total',
      help: 'Key rotations this process finished, by kind and final status',
      labelNames: ['kind', 'status'] as const,
      registers,
    });
  }
}
