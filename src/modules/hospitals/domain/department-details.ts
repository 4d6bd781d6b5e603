import { type InvalidField, InvalidInputError } from '@hms/ddd';
import { checkRequiredText } from './hospital-fields.js';

/** Short codes such as `CARD` or `ER-2`: unique within a hospital whatever their case. */
const DEPARTMENT_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$/;

export interface DepartmentDetails {
  readonly name: string;
  readonly code: string;
}

export function checkDepartmentDetails(details: Partial<DepartmentDetails>): void {
  const problems: InvalidField[] = [];
  if (details.name !== undefined) {
    const problem = checkRequiredText('name', details.name);
    if (problem) problems.push({ field: 'name', message: problem });
  }
  if (details.code !== undefined && !DEPARTMENT_CODE.test(details.code)) {
    problems.push({ field: 'code', message: 'code must be 1 to 20 letters, digits, - or _, starting with a letter or digit' });
  }
  if (problems.length > 0) throw new InvalidInputError('The department has invalid fields; see errors.', problems);
}

/** Codes compare case-insensitively, as the unique index on lower(code) does. */
export function sameDepartmentCode(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
