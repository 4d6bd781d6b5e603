import { EventEmitter } from 'node:events';

/**
 * Field names that may hold personal data or secrets. Logs never carry
 * request or response bodies, so these are a second line of defence for
 * objects passed to the logger by hand.
 */
export const SENSITIVE_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'firstName',
  'middleName',
  'lastName',
  'fullName',
  'displayName',
  'dateOfBirth',
  'phone',
  'email',
  'address',
  'nationalId',
  'emergencyContact',
  'reason',
  // A Redis command on an ioredis error: AUTH's password, keys naming client addresses, cached values.
  'args',
] as const;

/** Credentials carried by headers, should a headers object ever be logged. */
const SENSITIVE_HEADERS = ['authorization', 'cookie', 'x-api-key', 'set-cookie'] as const;

export const REDACTED = '[redacted]';

/** How deep logged objects are searched; deeper values are replaced whole (nothing logged is that deep on purpose). */
export const MAX_REDACTION_DEPTH = 8;

const SENSITIVE: ReadonlySet<string> = new Set<string>([...SENSITIVE_FIELDS, ...SENSITIVE_HEADERS]);

const HEADERS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'];

/**
 * pino `redact` paths, for child loggers' bindings (which pino's log
 * formatter does not see): the sensitive fields at their top level and the
 * credential headers. They name keys exactly, with no wildcard, so pino runs
 * its redactor only for a line or binding that has such a key; a wildcard
 * path made it search every key of every line. Logged objects are searched
 * at every depth by redactPersonalData, pino's log formatter.
 */
export function redactionPaths(): string[] {
  return [...HEADERS, ...SENSITIVE_FIELDS];
}

/** Values not searched: request, response and socket objects (their serializers log a few safe fields), and plain data types. */
function opaque(value: object): boolean {
  return (
    value instanceof EventEmitter ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Promise ||
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer
  );
}

/**
 * Own properties as plain values: from Node 24, V8 gives each error an own `stack` accessor that
 * reads the original's internal slot, so a copied accessor answers undefined on the copy.
 */
function dataDescriptorsOf(error: Error): PropertyDescriptorMap {
  const descriptors = Object.getOwnPropertyDescriptors(error);
  for (const [key, descriptor] of Object.entries(descriptors)) {
    if (descriptor.get || descriptor.set) {
      descriptors[key] = {
        value: (error as unknown as Record<string, unknown>)[key],
        enumerable: descriptor.enumerable,
        configurable: true,
        writable: true,
      };
    }
  }
  return descriptors;
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Error {
  let copy: Error | undefined;
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = (error as unknown as Record<string, unknown>)[key];
    const next = SENSITIVE.has(key) ? REDACTED : redactValue(value, depth + 1, seen);
    if (next === value) continue;
    // The same prototype and non-enumerable message and stack, so pino's error serializer still sees an error.
    copy ??= Object.create(Object.getPrototypeOf(error) as object, dataDescriptorsOf(error)) as Error;
    Object.defineProperty(copy, key, { value: next, enumerable: true, configurable: true, writable: true });
  }
  return copy ?? error;
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object' || opaque(value)) return value;
  // Each object is searched once: shared and circular references cost nothing more (pino prints cycles as [Circular]).
  if (seen.has(value)) return value;
  if (depth > MAX_REDACTION_DEPTH) return REDACTED;
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const next = redactValue(value[i], depth + 1, seen);
      if (next !== value[i]) (copy ??= [...(value as unknown[])])[i] = next;
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const next = SENSITIVE.has(key) ? REDACTED : redactValue(source[key], depth + 1, seen);
    if (next !== source[key]) (copy ??= { ...source })[key] = next;
  }
  return copy ?? value;
}

/**
 * The logged object with every sensitive field, at any depth down to
 * MAX_REDACTION_DEPTH (in arrays, errors and class instances too), replaced
 * by `[redacted]`. Copy on write: the caller's objects are never changed,
 * and an object with nothing to redact is returned as it is. Requests,
 * responses and sockets are left to their serializers, which keep only a
 * few safe fields.
 */
export function redactPersonalData<T extends object>(logged: T): T {
  return redactValue(logged, 0, new WeakSet()) as T;
}
