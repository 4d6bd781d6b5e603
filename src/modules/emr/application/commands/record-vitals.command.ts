import { Command } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';
import type { MeasuredVital } from '../../domain/vital-signs.js';
import type { VitalSetView } from '../vital-view.js';

export class RecordVitals extends Command<VitalSetView> {
  constructor(
    readonly writer: PatientEditor,
    readonly encounterId: string,
    readonly vitals: {
      readonly observations: readonly MeasuredVital[];
      /** When measured; now when left out. */
      readonly effectiveAt?: Date;
      readonly lateEntryReason?: string;
    },
  ) {
    super();
  }
}
