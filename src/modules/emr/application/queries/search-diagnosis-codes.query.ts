import { Query } from '@nestjs/cqrs';
import type { PatientEditor } from '../../../patients/index.js';

export interface DiagnosisCodeMatch {
  readonly code: string;
  readonly display: string;
}

export interface DiagnosisCodeMatches {
  /** False: no catalogue is loaded, codes are checked by form only, and nothing is found. */
  readonly catalogueLoaded: boolean;
  readonly items: readonly DiagnosisCodeMatch[];
}

/** Search as you type over the loaded ICD-10 catalogue. */
export class SearchDiagnosisCodes extends Query<DiagnosisCodeMatches> {
  constructor(
    readonly searcher: Pick<PatientEditor, 'actor' | 'principal'>,
    readonly term: string,
    readonly limit: number,
  ) {
    super();
  }
}
