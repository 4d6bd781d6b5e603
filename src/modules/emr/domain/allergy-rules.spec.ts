import { describe, expect, it } from '@jest/globals';
import { assertionOf, nextStatuses } from './allergy-rules.js';

describe('allergy rules', () => {
  it('tells not asked (nothing recorded) from no known allergies, and both from active allergies', () => {
    expect(assertionOf([])).toBe('not-asked');
    expect(assertionOf([{ kind: 'no-known-allergies', clinicalStatus: 'active', verificationStatus: 'confirmed' }])).toBe(
      'no-known-allergies',
    );
    expect(
      assertionOf([
        { kind: 'no-known-allergies', clinicalStatus: 'inactive', verificationStatus: 'confirmed' },
        { kind: 'substance', clinicalStatus: 'active', verificationStatus: 'unconfirmed' },
      ]),
    ).toBe('has-allergies');
    expect(
      assertionOf([
        { kind: 'substance', clinicalStatus: 'active', verificationStatus: 'refuted' },
        { kind: 'substance', clinicalStatus: 'resolved', verificationStatus: 'confirmed' },
        { kind: 'substance', clinicalStatus: null, verificationStatus: 'entered-in-error' },
      ]),
    ).toBe('none-active');
  });

  it('clears the clinical status when entered in error, and freezes the record then', () => {
    expect(
      nextStatuses(
        'a',
        { clinicalStatus: 'active', verificationStatus: 'confirmed' },
        { verificationStatus: 'entered-in-error' },
      ),
    ).toEqual({ clinicalStatus: null, verificationStatus: 'entered-in-error' });
    expect(
      nextStatuses('a', { clinicalStatus: 'active', verificationStatus: 'unconfirmed' }, { clinicalStatus: 'resolved' }),
    ).toEqual({
      clinicalStatus: 'resolved',
      verificationStatus: 'unconfirmed',
    });
    expect(() =>
      nextStatuses(
        'a',
        { clinicalStatus: 'active', verificationStatus: 'confirmed' },
        { verificationStatus: 'entered-in-error', clinicalStatus: 'active' },
      ),
    ).toThrow(expect.objectContaining({ code: 'COMMON.INVALID_INPUT' }));
    expect(() =>
      nextStatuses('a', { clinicalStatus: null, verificationStatus: 'entered-in-error' }, { clinicalStatus: 'active' }),
    ).toThrow(expect.objectContaining({ code: 'EMR.RECORD_ENTERED_IN_ERROR' }));
  });
});
