import { Query } from '@nestjs/cqrs';
import type { EmergencyGrantView } from '../commands/grant-emergency-access.command.js';

export interface EmergencyGrantFilter {
  readonly userId?: string;
  readonly patientId?: string;
  /** Only grants still in force. */
  readonly active?: boolean;
  readonly page: number;
  readonly pageSize: number;
}

export interface EmergencyGrantPage {
  readonly items: readonly EmergencyGrantView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export class ListEmergencyGrants extends Query<EmergencyGrantPage> {
  constructor(readonly filter: EmergencyGrantFilter) {
    super();
  }
}
