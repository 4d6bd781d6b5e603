import { describe, expect, it } from '@jest/globals';
import { bodyMassIndex, checkVitalSet, interpretationOf, VITAL_SIGNS } from './vital-signs.js';

const fieldsOf = (errors: readonly { field: string }[]) => errors.map((e) => e.field);

describe('vital signs', () => {
  it('takes a plausible set, interprets each value against the adult ranges, and adds the BMI from weight and height', () => {
    const { observations, errors } = checkVitalSet([
      { code: '8867-4', value: 128, unit: '/min' },
      { code: '8480-6', value: 185, unit: 'mm[Hg]' },
      { code: '8462-4', value: 95, unit: 'mm[Hg]' },
      { code: '8310-5', value: 36.85, unit: 'Cel' },
      { code: '59408-5', value: 88, unit: '%' },
      { code: '29463-7', value: 80, unit: 'kg' },
      { code: '8302-2', value: 180, unit: 'cm' },
    ]);
    expect(errors).toEqual([]);
    expect(observations.map((o) => [o.code, o.value, o.interpretation, o.derived])).toEqual([
      ['8867-4', 128, 'H', false],
      ['8480-6', 185, 'HH', false],
      ['8462-4', 95, 'H', false],
      ['8310-5', 36.85, 'N', false],
      ['59408-5', 88, 'LL', false],
      ['29463-7', 80, null, false],
      ['8302-2', 180, null, false],
      ['39156-5', 24.7, 'N', true],
    ]);
  });

  it('flags low, critically low, critically high and the edges of the normal range', () => {
    expect(interpretationOf('8867-4', 60)).toBe('N');
    expect(interpretationOf('8867-4', 100)).toBe('N');
    expect(interpretationOf('8867-4', 59)).toBe('L');
    expect(interpretationOf('8867-4', 39)).toBe('LL');
    expect(interpretationOf('8867-4', 131)).toBe('HH');
    expect(interpretationOf('8310-5', 38.2)).toBe('H');
    expect(interpretationOf('8310-5', 40.1)).toBe('HH');
    expect(interpretationOf('8310-5', 34.9)).toBe('LL');
    expect(interpretationOf('9279-1', 7)).toBe('LL');
    expect(interpretationOf('59408-5', 100)).toBe('N');
    expect(interpretationOf('39156-5', 31)).toBe('H');
    expect(interpretationOf('29463-7', 300)).toBeNull();
    expect(bodyMassIndex(70, 175)).toBe(22.9);
  });

  it('names every field at fault and keeps nothing: unknown codes, BMI sent, codes twice, wrong units, impossible values', () => {
    const { observations, errors } = checkVitalSet([
      { code: '8867-4', value: 400, unit: '/min' },
      { code: '1234-5', value: 1, unit: '/min' },
      { code: '8310-5', value: 98.6, unit: '[degF]' },
      { code: '39156-5', value: 22, unit: 'kg/m2' },
      { code: '8867-4', value: 70, unit: '/min' },
      { code: '59408-5', value: 101, unit: '%' },
      { code: '29463-7', value: 70.1234, unit: 'kg' },
      { code: '8302-2', value: 170, unit: 'CM' },
    ]);
    expect(observations).toEqual([]);
    expect(fieldsOf(errors)).toEqual([
      'observations[0].value',
      'observations[1].code',
      'observations[2].unit',
      'observations[2].value',
      'observations[3].code',
      'observations[4].code',
      'observations[5].value',
      'observations[6].value',
      'observations[7].unit',
    ]);
    expect(errors.map((e) => e.message).join(' ')).toContain('must be Cel');
  });

  it('refuses a diastolic pressure not below the systolic one of the set', () => {
    const { errors } = checkVitalSet([
      { code: '8462-4', value: 120, unit: 'mm[Hg]' },
      { code: '8480-6', value: 120, unit: 'mm[Hg]' },
    ]);
    expect(fieldsOf(errors)).toEqual(['observations[0].value']);
  });

  it('refuses a weight and a height that pair into an impossible BMI, naming both', () => {
    const { observations, errors } = checkVitalSet([
      { code: '8302-2', value: 20, unit: 'cm' },
      { code: '8867-4', value: 80, unit: '/min' },
      { code: '29463-7', value: 650, unit: 'kg' },
    ]);
    expect(observations).toEqual([]);
    expect(fieldsOf(errors)).toEqual(['observations[2].value', 'observations[0].value']);
    expect(
      checkVitalSet([
        { code: '29463-7', value: 0.45, unit: 'kg' },
        { code: '8302-2', value: 28, unit: 'cm' },
      ]).errors,
    ).toEqual([]);
  });

  it('keeps the limits of the table: the bounds themselves are possible, one step beyond is not', () => {
    for (const definition of Object.values(VITAL_SIGNS).filter((d) => d.code !== '39156-5')) {
      const [min, max] = definition.possible;
      const step = 10 ** -definition.scale;
      for (const value of [min, max])
        expect(checkVitalSet([{ code: definition.code, value, unit: definition.unit }]).errors).toEqual([]);
      for (const value of [min - step, max + step]) {
        expect(fieldsOf(checkVitalSet([{ code: definition.code, value, unit: definition.unit }]).errors)).toEqual([
          'observations[0].value',
        ]);
      }
    }
  });
});
