import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { AuditEntry } from './audit-entry.js';
import { auditHash, GENESIS_HASH } from './audit-hash.js';
import { canonicalJson } from './canonical-json.js';

/**
 * Golden vectors: (entry, previous hash, key) -> hash, computed once from
 * the code that wrote the chains already stored. `audit:verify` recomputes
 * these hashes from stored rows, so if one of these fails, every stored
 * chain would be reported as altered. Do not update a value to make the
 * test pass; a new hash form needs a chain migration (and its own vectors).
 * The vectors of entries that name their key (keyed*) were computed apart
 * from this code, as an HMAC over hand-written canonical JSON, when entries
 * started naming their key.
 * Every value below is invented.
 */
const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const OTHER_KEY = Buffer.alloc(32, 0xa5);

/** The first entry of a chain: ASCII only, every nullable field set. */
const FIRST: AuditEntry = {
  sequence: 1,
  // Recorded before entries named their key: the hash form every chain stored until then.
  keyId: null,
  eventId: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e01',
  type: 'PatientRecordAccessed',
  occurredAt: new Date('2026-11-22T10:00:00.123Z'),
  recordedAt: new Date('2026-11-22T10:00:01.000Z'),
  actor: {
    kind: 'user',
    id: '0193a1f2-0000-7000-8000-000000000001',
    roles: ['doctor'],
    sessionId: '0193a1f2-0000-7000-8000-0000000000aa',
    ip: '10.0.0.7',
    userAgent: 'ward-terminal/1.0',
  },
  actorId: '0193a1f2-0000-7000-8000-000000000001',
  action: 'read',
  outcome: 'success',
  resourceType: 'Patient',
  resourceId: '0193a1f2-0000-7000-8000-0000000000b1',
  aggregateVersion: 0,
  patientId: '0193a1f2-0000-7000-8000-0000000000b1',
  hospitalId: '0193a1f2-0000-7000-8000-0000000000c1',
  departmentId: '0193a1f2-0000-7000-8000-0000000000d1',
  correlationId: 'ward-7-round-1',
  reason: 'treatment',
  change: { patientId: '0193a1f2-0000-7000-8000-0000000000b1', access: 'read', purposeOfUse: 'treatment' },
};

/** The entry after it, chained to FIRST's hash: a system actor with nulls where a user has ids. */
const SECOND: AuditEntry = {
  ...FIRST,
  sequence: 2,
  eventId: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e02',
  type: 'PatientUpdated',
  occurredAt: new Date('2026-11-22T10:00:02.000Z'),
  actor: { kind: 'system', id: 'import', roles: [], sessionId: null, ip: null, userAgent: null },
  actorId: 'import',
  action: 'update',
  aggregateVersion: 2,
  hospitalId: null,
  departmentId: null,
  reason: null,
  change: { patientId: '0193a1f2-0000-7000-8000-0000000000b1', changed: ['lastName'] },
};

/** Text beyond ASCII and characters JSON escapes, in the reason and in nested payload values and keys. */
const UNICODE: AuditEntry = {
  ...SECOND,
  sequence: 3,
  eventId: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e03',
  type: 'EmergencyAccessGranted',
  action: 'emergency-access',
  aggregateVersion: 0,
  reason: 'Bewusstlos – Allergie? 患者 🚑 "quoted" \\ back\nslash',
  change: {
    reason: 'Bewusstlos – Allergie? 患者 🚑 "quoted" \\ back\nslash',
    nested: { 'clé é': ['ñ', 'ß', '\u2028', '\t', 'Ω'], emoji: { '🩺': 'stethoscope' } },
  },
};

/** Deep nesting, arrays of objects, empty containers; numbers of every kind JSON holds; nulls in and out of arrays. */
const NESTED_NUMBERS: AuditEntry = {
  ...SECOND,
  sequence: 4,
  eventId: '0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e04',
  type: 'BatchRecorded',
  action: 'create',
  outcome: 'failure',
  aggregateVersion: 7,
  patientId: null,
  change: {
    zeros: [0, -0, 0.0],
    integers: [1, -1, 42, 9007199254740991, -9007199254740991],
    fractions: [0.1, -2.5, 3.14159, 1e-7],
    large: [1e21, 1.7976931348623157e308],
    nulls: [null, { inner: null }],
    empty: { object: {}, array: [] },
    deep: { a: { b: { c: { d: [{ z: 1, y: [2, { x: 3 }] }] } } } },
    flag: false,
  },
};

/**
 * What canonicalJson must write for FIRST: keys sorted at every depth, no
 * whitespace, dates as ISO 8601 text. Hand-written, so the cross-check below
 * does not depend on canonical-json.ts.
 */
const FIRST_CANONICAL =
  '{"action":"read",' +
  '"actor":{"id":"0193a1f2-0000-7000-8000-000000000001","ip":"10.0.0.7","kind":"user","roles":["doctor"],' +
  '"sessionId":"0193a1f2-0000-7000-8000-0000000000aa","userAgent":"ward-terminal/1.0"},' +
  '"actorId":"0193a1f2-0000-7000-8000-000000000001",' +
  '"aggregateVersion":0,' +
  '"change":{"access":"read","patientId":"0193a1f2-0000-7000-8000-0000000000b1","purposeOfUse":"treatment"},' +
  '"correlationId":"ward-7-round-1",' +
  '"departmentId":"0193a1f2-0000-7000-8000-0000000000d1",' +
  '"eventId":"0193a1f2-5c7e-7d3a-9b1e-2f4a6c8d0e01",' +
  '"hospitalId":"0193a1f2-0000-7000-8000-0000000000c1",' +
  '"occurredAt":"2026-11-22T10:00:00.123Z",' +
  '"outcome":"success",' +
  '"patientId":"0193a1f2-0000-7000-8000-0000000000b1",' +
  '"reason":"treatment",' +
  '"recordedAt":"2026-11-22T10:00:01.000Z",' +
  '"resourceId":"0193a1f2-0000-7000-8000-0000000000b1",' +
  '"resourceType":"Patient",' +
  '"sequence":1,' +
  '"type":"PatientRecordAccessed"}';

/**
 * FIRST as the writer makes it since entries name their key: the key id, and
 * the session's reference where the session id stood.
 */
const KEYED: AuditEntry = {
  ...FIRST,
  keyId: 'k1',
  actor: { ...FIRST.actor, sessionId: undefined, sessionRef: 'r6V0m1yQwJd2b8kXzT3cAg' },
};

/** FIRST_CANONICAL with the key id (sorted in between hospitalId and occurredAt) and the reference. */
const KEYED_CANONICAL = FIRST_CANONICAL.replace(
  '"sessionId":"0193a1f2-0000-7000-8000-0000000000aa"',
  '"sessionRef":"r6V0m1yQwJd2b8kXzT3cAg"',
).replace('"occurredAt"', '"keyId":"k1","occurredAt"');

const GOLDEN = {
  first: '188a4bb0596b2a16a1275fb17e60cc757830777336553572d28d35c17a0779cd',
  second: 'e702a4218f58af8520a71bd9069d2dfd8fe619f2f54a9402e0673f89c76b91e6',
  unicode: 'e0103043f6db03a0e78aee98b74511f0ee1842d7e829a3b4ecf068427b5c1a41',
  nestedNumbers: '59e4bb4aa825d0161130929294f9a0cdf89b9eb5ea665adaa4a0d1fd14c14c33',
  firstUnderOtherKey: '694fd7f53773f49e768bf251cf38b85328fb6a00b4e0519f8a9fcb4689e2124d',
  keyed: '2295cbdd10ba2fefef690b7db6bdddcc9d2dd5455f442330bf50075968f42288',
  keyedSecond: '9f00bae32b0263884397a8c4cfaff8c389615ecaf99c65998900d140f1bd435d',
};

const hex = (key: Buffer, prev: Buffer, entry: AuditEntry) => auditHash(key, prev, entry).toString('hex');

/** The same value with object keys in reverse order at every depth (arrays keep their order). */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.keys(value)
      .reverse()
      .map((key) => [key, reversedKeys((value as Record<string, unknown>)[key])]),
  );
}

describe('auditHash golden vectors (stored chains must keep verifying)', () => {
  it('hashes the first entry of a chain over the genesis hash (32 zero bytes)', () => {
    expect(GENESIS_HASH.toString('hex')).toBe('0'.repeat(64));
    expect(hex(KEY, GENESIS_HASH, FIRST)).toBe(GOLDEN.first);
  });

  it('matches an independent HMAC-SHA256 over genesis || the hand-written canonical JSON', () => {
    const independent = createHmac('sha256', KEY).update(Buffer.alloc(32)).update(FIRST_CANONICAL, 'utf8').digest('hex');
    expect(independent).toBe(GOLDEN.first);
  });

  it('chains: the second entry is hashed over the first one’s hash', () => {
    expect(hex(KEY, Buffer.from(GOLDEN.first, 'hex'), SECOND)).toBe(GOLDEN.second);
    // The previous hash is part of the input: the same entry over genesis hashes differently.
    expect(hex(KEY, GENESIS_HASH, SECOND)).not.toBe(GOLDEN.second);
  });

  it('hashes text beyond ASCII and escaped characters as UTF-8 JSON', () => {
    // Raw characters (not \u escapes), JSON's own escapes, keys sorted by UTF-16 code unit.
    expect(canonicalJson(UNICODE.change)).toBe(
      '{"nested":{"clé é":["ñ","ß","\u2028","\\t","Ω"],"emoji":{"🩺":"stethoscope"}},' +
        '"reason":"Bewusstlos – Allergie? 患者 🚑 \\"quoted\\" \\\\ back\\nslash"}',
    );
    expect(hex(KEY, Buffer.from(GOLDEN.second, 'hex'), UNICODE)).toBe(GOLDEN.unicode);
  });

  it('hashes nested payloads, numbers and nulls as stored', () => {
    // Numbers as JSON.stringify writes them (-0 as 0, exponents with a sign), nulls kept.
    expect(canonicalJson(NESTED_NUMBERS.change)).toBe(
      '{"deep":{"a":{"b":{"c":{"d":[{"y":[2,{"x":3}],"z":1}]}}}},"empty":{"array":[],"object":{}},"flag":false,' +
        '"fractions":[0.1,-2.5,3.14159,1e-7],"integers":[1,-1,42,9007199254740991,-9007199254740991],' +
        '"large":[1e+21,1.7976931348623157e+308],"nulls":[null,{"inner":null}],"zeros":[0,0,0]}',
    );
    expect(hex(KEY, Buffer.from(GOLDEN.unicode, 'hex'), NESTED_NUMBERS)).toBe(GOLDEN.nestedNumbers);
  });

  it('depends on the key', () => {
    expect(hex(OTHER_KEY, GENESIS_HASH, FIRST)).toBe(GOLDEN.firstUnderOtherKey);
  });

  it('hashes an entry that names its key with the key id among its fields (a form of its own)', () => {
    // The undefined session id is dropped, as it is from jsonb.
    expect(canonicalJson(KEYED.actor)).not.toContain('sessionId');
    const independent = createHmac('sha256', KEY).update(Buffer.alloc(32)).update(KEYED_CANONICAL, 'utf8').digest('hex');
    expect(hex(KEY, GENESIS_HASH, KEYED)).toBe(independent);
    expect(independent).toBe(GOLDEN.keyed);
    // A keyed entry chains like any other.
    expect(hex(KEY, Buffer.from(GOLDEN.keyed, 'hex'), { ...SECOND, keyId: 'k1' })).toBe(GOLDEN.keyedSecond);
  });

  it('binds the key id: the same entry under another id, or under none, hashes differently', () => {
    expect(hex(KEY, GENESIS_HASH, { ...KEYED, keyId: 'k2' })).not.toBe(GOLDEN.keyed);
    expect(hex(KEY, GENESIS_HASH, { ...KEYED, keyId: null })).not.toBe(GOLDEN.keyed);
    // And a legacy entry hashes as it always did: no "keyId" member at all, not even a null one.
    expect(hex(KEY, GENESIS_HASH, FIRST)).toBe(GOLDEN.first);
  });

  it('does not depend on key order in the entry or its payload (jsonb does not keep it)', () => {
    const prev = Buffer.from(GOLDEN.unicode, 'hex');
    expect(hex(KEY, GENESIS_HASH, reversedKeys(FIRST) as AuditEntry)).toBe(GOLDEN.first);
    expect(hex(KEY, prev, reversedKeys(NESTED_NUMBERS) as AuditEntry)).toBe(GOLDEN.nestedNumbers);
    // A payload read back from jsonb: its own key order, undefined members absent.
    const stored = { ...NESTED_NUMBERS, change: JSON.parse(JSON.stringify(reversedKeys(NESTED_NUMBERS.change))) as unknown };
    expect(hex(KEY, prev, stored)).toBe(GOLDEN.nestedNumbers);
    const withUndefined = { ...FIRST, change: { ...(FIRST.change as object), dropped: undefined } };
    expect(hex(KEY, GENESIS_HASH, withUndefined)).toBe(GOLDEN.first);
  });
});
