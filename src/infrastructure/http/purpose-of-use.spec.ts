import { describe, expect, it } from '@jest/globals';
import { PURPOSE_OF_USE_VALUES } from '@hms/authz';
import { RequestValidationError } from './request-validation.error.js';
import { purposeOfUseOf } from './purpose-of-use.js';

const refusalOf = (value: string): RequestValidationError => {
  try {
    purposeOfUseOf(value);
  } catch (error) {
    if (error instanceof RequestValidationError) return error;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
};

describe('purposeOfUseOf', () => {
  it('defaults to TREAT, or to the route’s own default', () => {
    expect(purposeOfUseOf(undefined)).toBe('TREAT');
    expect(purposeOfUseOf('')).toBe('TREAT');
    expect(purposeOfUseOf(undefined, 'PATADMIN')).toBe('PATADMIN');
    expect(purposeOfUseOf('HOPERAT', 'PATADMIN')).toBe('HOPERAT');
  });

  it('takes HL7 codes as written, and the lower-case aliases as their codes', () => {
    expect(purposeOfUseOf('TREAT')).toBe('TREAT');
    expect(purposeOfUseOf('ETREAT')).toBe('ETREAT');
    expect(purposeOfUseOf('HPAYMT')).toBe('HPAYMT');
    expect(purposeOfUseOf('treatment')).toBe('TREAT');
    expect(purposeOfUseOf('billing')).toBe('HPAYMT');
    expect(purposeOfUseOf('emergency')).toBe('ETREAT');
  });

  it.each(['Treatment', 'treat', 'quality-review-2', 'because I can', 'x'.repeat(65), 'billing;drop', 'émergence'])(
    'refuses %j, naming the header and listing the accepted values',
    (value) => {
      const [error] = refusalOf(value).fieldErrors;
      expect(error.field).toBe('X-Purpose-Of-Use');
      for (const accepted of PURPOSE_OF_USE_VALUES) expect(error.message).toContain(accepted);
    },
  );

  it('never repeats what was sent, however long', () => {
    const sent = `evil-${'y'.repeat(10_000)}`;
    const message = refusalOf(sent).fieldErrors[0].message;
    expect(message).not.toContain('evil');
    expect(message).not.toContain('yyyy');
    expect(message.length).toBeLessThan(1_000);
  });
});
