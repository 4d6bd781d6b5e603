import { describe, expect, it } from '@jest/globals';
import { planIndexConditions } from './patient-search-plan.js';

const fake = (key: string, input: string) => [`${key}:${input}`, `${key}:${input}:old-key`];
const columns = (filters: Parameters<typeof planIndexConditions>[0]) => planIndexConditions(filters, fake).map((c) => c.column);

describe('planIndexConditions', () => {
  it('chooses the most specific name and birth-date index', () => {
    expect(columns({ firstName: 'Marta', lastName: 'Quintela', dateOfBirth: '1984-02-29' })).toEqual([
      'first_last_name_bidx',
      'date_of_birth_bidx',
    ]);
    expect(columns({ firstName: 'Marta', lastName: 'Quintela' })).toEqual(['first_last_name_bidx']);
    expect(columns({ lastName: 'Quintela', dateOfBirth: '1984-02-29' })).toEqual(['last_name_dob_bidx']);
    expect(columns({ lastName: 'Quintela' })).toEqual(['last_name_bidx']);
    expect(columns({ dateOfBirth: '1984-02-29' })).toEqual(['date_of_birth_bidx']);
  });

  it('adds phone, email and national id, and nothing for non-personal filters', () => {
    expect(columns({ phone: '+351 21 555 0101', email: 'A@B.test', nationalId: 'ab-1', status: 'active', mrn: 'MRN1' })).toEqual([
      'phone_bidx',
      'email_bidx',
      'national_id_bidx',
    ]);
    expect(columns({ status: 'active' })).toEqual([]);
  });

  it('looks for the normalised value under every key of the ring', () => {
    const [condition] = planIndexConditions({ lastName: '  Ødegård-Núñez ', dateOfBirth: '1984-02-29' }, fake);
    expect(condition.hashes).toEqual([
      'lastNameDob:odegard nunez\u00001984-02-29',
      'lastNameDob:odegard nunez\u00001984-02-29:old-key',
    ]);
    const [phone] = planIndexConditions({ phone: '+351 (21) 555-0101' }, fake);
    expect(phone.hashes[0]).toBe('phone:351215550101');
  });
});
