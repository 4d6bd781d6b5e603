import { InvalidInputError } from '@hms/ddd';
import type { EntityManager } from 'typeorm';
import { UnknownDiagnosisCodeError } from '../domain/condition-errors.js';
import type { DiagnosisCodeRepository } from '../infrastructure/diagnosis-code.repository.js';

/**
 * The code and display a condition stores. With a catalogue loaded the code
 * must be in it (422 otherwise) and its display is the catalogue's, whatever
 * the client sent; with none, the code is checked by form only (done before)
 * and the client's display is required (400 naming it).
 */
export async function codedDisplay(
  db: EntityManager,
  codes: DiagnosisCodeRepository,
  code: string,
  display: string | undefined,
): Promise<string> {
  const found = await codes.lookup(db, code);
  if (found.loaded) {
    if (found.display === null) throw new UnknownDiagnosisCodeError(code);
    return found.display;
  }
  if (display === undefined) {
    throw new InvalidInputError('The condition has invalid fields; see errors.', [
      { field: 'display', message: 'display is required while no ICD-10 catalogue is loaded' },
    ]);
  }
  return display;
}
