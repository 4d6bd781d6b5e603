import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '@hms/ddd';

export interface RequestContextData {
  /** One id per request or job; X-Request-ID and X-Correlation-ID name the same thing. */
  readonly correlationId: string;
  actor?: Actor;
  /** Matched route pattern, set once routing has happened (for logs and metrics). */
  route?: string;
}

const storage = new AsyncLocalStorage<RequestContextData>();

/** Per-request (or per-job) context carried through async calls without threading it by hand. */
export const RequestContext = {
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
};

/** Request ids we accept from callers: short, printable, no spaces or markup. */
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$/;

export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && SANE_ID.test(value);
}
