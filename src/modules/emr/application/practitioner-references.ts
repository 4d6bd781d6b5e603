import type { QueryBus } from '@nestjs/cqrs';
import { NotFoundError } from '@hms/ddd';
import { GetPractitioner, type PractitionerView } from '../../auth/index.js';
import { AttendingNotADoctorError } from '../domain/attending-not-a-doctor.error.js';
import { isDoctor, mayServeAt } from '../domain/practitioner-check.js';
import { UnknownPractitionerError } from '../domain/unknown-practitioner.error.js';

async function practitioner(queries: QueryBus, field: string, userId: string, hospitalId: string): Promise<PractitionerView> {
  let found: PractitionerView;
  try {
    found = await queries.execute(new GetPractitioner(userId));
  } catch (error) {
    if (error instanceof NotFoundError) throw new UnknownPractitionerError(field, userId);
    throw error;
  }
  if (!mayServeAt(found, hospitalId)) throw new UnknownPractitionerError(field, userId);
  return found;
}

/**
 * The practitioners an encounter names, checked through auth's contract:
 * the attending one an active doctor of the encounter's hospital (422
 * EMR.ATTENDING_NOT_A_DOCTOR otherwise), the care team active users of it.
 */
export async function checkPractitioners(
  queries: QueryBus,
  hospitalId: string,
  named: { readonly attendingPractitionerId?: string | null; readonly careTeamIds?: readonly string[] },
): Promise<void> {
  if (named.attendingPractitionerId) {
    const attending = await practitioner(queries, 'attendingPractitionerId', named.attendingPractitionerId, hospitalId);
    if (!isDoctor(attending)) throw new AttendingNotADoctorError(attending.id);
  }
  for (const userId of named.careTeamIds ?? []) await practitioner(queries, 'careTeamIds', userId, hospitalId);
}
