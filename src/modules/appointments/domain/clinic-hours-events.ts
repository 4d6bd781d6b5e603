import { type AuditDeclaration, DomainEvent } from '@hms/ddd';

/** A hospital's opening hours for appointments, wall-clock `HH:MM` in its own zone. */
export interface ClinicHoursSnapshot {
  readonly hospitalId: string;
  readonly opens: string;
  readonly closes: string;
}

export class ClinicHoursSet extends DomainEvent<ClinicHoursSnapshot> {
  static readonly TYPE = 'appointments.ClinicHoursSet.v1';
  static readonly AUDIT: AuditDeclaration = { action: 'update', outcome: 'success' };
  constructor(version: number, snapshot: ClinicHoursSnapshot) {
    super({ aggregateType: 'ClinicHours', aggregateId: snapshot.hospitalId, aggregateVersion: version, payload: snapshot });
  }
}
