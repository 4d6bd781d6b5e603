import { describe, expect, it } from '@jest/globals';
import { purposeOfUseOf, whyOf } from './audit-why.js';

describe('purposeOfUseOf', () => {
  it('reads the HL7 code an event declared', () => {
    expect(purposeOfUseOf({ change: { purposeOfUse: 'ETREAT' } })).toBe('ETREAT');
  });

  it('maps the lower-case aliases older entries hold onto their codes', () => {
    expect(purposeOfUseOf({ change: { purposeOfUse: 'treatment' } })).toBe('TREAT');
    expect(purposeOfUseOf({ change: { purposeOfUse: 'billing' } })).toBe('HPAYMT');
    expect(purposeOfUseOf({ change: { purposeOfUse: 'care-coordination' } })).toBe('COC');
  });

  it('keeps a legacy value with no code as stored, and is null without a purpose', () => {
    expect(purposeOfUseOf({ change: { purposeOfUse: 'follow-up' } })).toBe('follow-up');
    expect(purposeOfUseOf({ change: { patientId: 'p1' } })).toBeNull();
    expect(purposeOfUseOf({ change: null })).toBeNull();
    expect(purposeOfUseOf({ change: ['treatment'] })).toBeNull();
  });
});

describe('whyOf', () => {
  it('gives the event’s own reason as written, even when it reads like an alias', () => {
    expect(whyOf({ change: { reason: 'emergency', patientId: 'p1' }, reason: 'emergency' })).toBe('emergency');
    expect(whyOf({ change: { reason: 'out-of-scope' }, reason: 'out-of-scope' })).toBe('out-of-scope');
  });

  it('else the purpose of use as its HL7 code', () => {
    expect(whyOf({ change: { purposeOfUse: 'treatment' }, reason: 'treatment' })).toBe('TREAT');
    expect(whyOf({ change: { purposeOfUse: 'PATRQT' }, reason: 'PATRQT' })).toBe('PATRQT');
    expect(whyOf({ change: {}, reason: null })).toBeNull();
  });
});
