import { InvalidInputError } from '@hms/ddd';

/** The fields an InvalidInputError thrown by `run` names; [] when it throws nothing. Any other error is rethrown. */
export function invalidFieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.fields.map((f) => f.field);
    throw error;
  }
  return [];
}
