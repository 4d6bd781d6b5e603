import type { InvalidField } from '@hms/ddd';

/** FHIR Observation.code's system, and the UCUM system of valueQuantity. */
export const LOINC_SYSTEM = 'http://loinc.org';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
/** Observation.interpretation's system (v3 ObservationInterpretation). */
export const INTERPRETATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

export const VITAL_CODES = ['8867-4', '8480-6', '8462-4', '8310-5', '9279-1', '59408-5', '29463-7', '8302-2', '39156-5'] as const;
export type VitalCode = (typeof VITAL_CODES)[number];
export const BMI_CODE = '39156-5' satisfies VitalCode;
/** What a client sends: every code but BMI, which the server computes. */
export const MEASURED_VITAL_CODES = VITAL_CODES.filter((code) => code !== BMI_CODE);

/** FHIR Observation.interpretation: critically low, low, normal, high, critically high. */
export const INTERPRETATIONS = ['LL', 'L', 'N', 'H', 'HH'] as const;
export type Interpretation = (typeof INTERPRETATIONS)[number];

export const OBSERVATION_STATUSES = ['final', 'entered-in-error'] as const;
export type ObservationStatus = (typeof OBSERVATION_STATUSES)[number];

export interface VitalSignDefinition {
  readonly code: VitalCode;
  readonly display: string;
  /** The one UCUM unit accepted, exactly as written (UCUM is case-sensitive). */
  readonly unit: string;
  /** Decimal places kept: more is refused, not rounded. */
  readonly scale: number;
  /** Physiologically possible values, inclusive: outside them the measurement is wrong (400). */
  readonly possible: readonly [number, number];
  /** The adult normal range, inclusive (N); below L, above H. None for weight and height. */
  readonly normal?: readonly [number, number];
  /** Below the first LL, above the second HH; null where a side has no critical value. */
  readonly critical?: readonly [number | null, number | null];
}

/** The table ADR 33 documents and reasons about. */
export const VITAL_SIGNS: Readonly<Record<VitalCode, VitalSignDefinition>> = {
  '8867-4': {
    code: '8867-4',
    display: 'Heart rate',
    unit: '/min',
    scale: 0,
    possible: [0, 350],
    normal: [60, 100],
    critical: [40, 130],
  },
  '8480-6': {
    code: '8480-6',
    display: 'Systolic blood pressure',
    unit: 'mm[Hg]',
    scale: 0,
    possible: [20, 300],
    normal: [90, 139],
    critical: [70, 179],
  },
  '8462-4': {
    code: '8462-4',
    display: 'Diastolic blood pressure',
    unit: 'mm[Hg]',
    scale: 0,
    possible: [10, 200],
    normal: [60, 89],
    critical: [40, 119],
  },
  '8310-5': {
    code: '8310-5',
    display: 'Body temperature',
    unit: 'Cel',
    scale: 2,
    possible: [25, 45],
    normal: [36.1, 37.9],
    critical: [35, 40],
  },
  '9279-1': {
    code: '9279-1',
    display: 'Respiratory rate',
    unit: '/min',
    scale: 0,
    possible: [0, 120],
    normal: [12, 20],
    critical: [8, 30],
  },
  '59408-5': {
    code: '59408-5',
    display: 'Oxygen saturation in arterial blood by pulse oximetry',
    unit: '%',
    scale: 1,
    possible: [0, 100],
    normal: [95, 100],
    critical: [90, null],
  },
  '29463-7': { code: '29463-7', display: 'Body weight', unit: 'kg', scale: 3, possible: [0.2, 650] },
  '8302-2': { code: '8302-2', display: 'Body height', unit: 'cm', scale: 1, possible: [20, 280] },
  '39156-5': {
    code: '39156-5',
    display: 'Body mass index (BMI) [Ratio]',
    unit: 'kg/m2',
    scale: 1,
    // Computed: a weight and a height each possible can still pair into a body nobody has.
    possible: [3, 250],
    normal: [18.5, 24.9],
  },
};

export const isVitalCode = (code: string): code is VitalCode => (VITAL_CODES as readonly string[]).includes(code);

/** One measurement as the client sent it: code, value, unit (shapes already checked). */
export interface MeasuredVital {
  readonly code: string;
  readonly value: number;
  readonly unit: string;
}

/** One observation of a set, ready to store. */
export interface VitalObservationDraft {
  readonly code: VitalCode;
  readonly value: number;
  readonly unit: string;
  readonly interpretation: Interpretation | null;
  /** Computed by the server (BMI), not measured. */
  readonly derived: boolean;
}

function decimalsOf(value: number): number {
  const text = String(value);
  if (/e-/i.test(text)) return Number(/e-(\d+)/i.exec(text)![1]);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The FHIR interpretation of a value against the adult table: null where the table has no range. */
export function interpretationOf(code: VitalCode, value: number): Interpretation | null {
  const definition = VITAL_SIGNS[code];
  if (!definition.normal) return null;
  const [criticalLow, criticalHigh] = definition.critical ?? [null, null];
  if (criticalLow !== null && value < criticalLow) return 'LL';
  if (criticalHigh !== null && value > criticalHigh) return 'HH';
  if (value < definition.normal[0]) return 'L';
  if (value > definition.normal[1]) return 'H';
  return 'N';
}

/** kg / m², to one decimal place, from a weight in kg and a height in cm. */
export function bodyMassIndex(weightKg: number, heightCm: number): number {
  const metres = heightCm / 100;
  return Math.round((weightKg / (metres * metres)) * 10) / 10;
}

/**
 * Checks a set of measurements as a whole and answers what to store, or
 * every field at fault (named `observations[i].code`, `.unit`, `.value`): a
 * code outside the list (BMI included, as the server computes it), a code
 * twice, a unit other than the code's, a value outside what is physically
 * possible or more precise than the code keeps, a diastolic pressure not
 * below the systolic one, a weight and a height that give an impossible
 * BMI. With weight and height in the set, its BMI is added, computed.
 */
export function checkVitalSet(measured: readonly MeasuredVital[]): {
  readonly observations: VitalObservationDraft[];
  readonly errors: InvalidField[];
} {
  const errors: InvalidField[] = [];
  const observations: VitalObservationDraft[] = [];
  const seen = new Map<string, number>();
  measured.forEach((vital, i) => {
    const at = `observations[${i}]`;
    if (vital.code === BMI_CODE) {
      errors.push({
        field: `${at}.code`,
        message: `${at}.code ${BMI_CODE} (BMI) is computed by the server from weight and height`,
      });
      return;
    }
    if (!isVitalCode(vital.code)) {
      errors.push({ field: `${at}.code`, message: `${at}.code must be one of ${MEASURED_VITAL_CODES.join(', ')}` });
      return;
    }
    if (seen.has(vital.code)) {
      errors.push({ field: `${at}.code`, message: `${at}.code ${vital.code} appears twice in the set` });
      return;
    }
    seen.set(vital.code, i);
    const definition = VITAL_SIGNS[vital.code];
    let fine = true;
    if (vital.unit !== definition.unit) {
      errors.push({ field: `${at}.unit`, message: `${at}.unit must be ${definition.unit} for ${vital.code}` });
      fine = false;
    }
    const [min, max] = definition.possible;
    if (!Number.isFinite(vital.value) || vital.value < min || vital.value > max) {
      errors.push({ field: `${at}.value`, message: `${at}.value must be between ${min} and ${max} ${definition.unit}` });
      fine = false;
    } else if (decimalsOf(vital.value) > definition.scale) {
      errors.push({ field: `${at}.value`, message: `${at}.value has at most ${definition.scale} decimal places` });
      fine = false;
    }
    if (fine) {
      observations.push({
        code: vital.code,
        value: vital.value,
        unit: definition.unit,
        interpretation: interpretationOf(vital.code, vital.value),
        derived: false,
      });
    }
  });
  const systolic = observations.find((o) => o.code === '8480-6');
  const diastolic = observations.find((o) => o.code === '8462-4');
  if (systolic && diastolic && diastolic.value >= systolic.value) {
    const at = `observations[${seen.get('8462-4')}]`;
    errors.push({ field: `${at}.value`, message: `${at}.value (diastolic) must be below the systolic pressure of the set` });
  }
  const weight = observations.find((o) => o.code === '29463-7');
  const height = observations.find((o) => o.code === '8302-2');
  if (errors.length === 0 && weight && height) {
    const bmi = bodyMassIndex(weight.value, height.value);
    const [min, max] = VITAL_SIGNS[BMI_CODE].possible;
    if (bmi < min || bmi > max) {
      for (const code of ['29463-7', '8302-2'] as const) {
        const at = `observations[${seen.get(code)}]`;
        errors.push({
          field: `${at}.value`,
          message: `${at}.value: weight and height give a BMI outside ${min} to ${max}`,
        });
      }
    } else {
      observations.push({
        code: BMI_CODE,
        value: bmi,
        unit: 'kg/m2',
        interpretation: interpretationOf(BMI_CODE, bmi),
        derived: true,
      });
    }
  }
  return { observations: errors.length === 0 ? observations : [], errors };
}
