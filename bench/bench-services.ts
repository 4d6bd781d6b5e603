import { Redis } from 'ioredis';
import pg from 'pg';

/** PostgreSQL server (without a database) and Redis database of the benchmark; override for another machine. */
export const PG_SERVER = process.env.BENCH_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const BENCH_DATABASE = 'hms_bench';
/** Redis database 1 with a prefix of its own, apart from the tests (database 0, hms-test-* prefixes). */
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/1';
export const QUEUE_PREFIX = 'hms-bench';

export const benchDatabaseUrl = () => `${PG_SERVER}/${BENCH_DATABASE}`;

/** Drops the bench database so the server creates and migrates it afresh. Refuses a name without "bench". */
export async function dropBenchDatabase(): Promise<void> {
  if (!BENCH_DATABASE.includes('bench')) throw new Error(`refusing to drop ${BENCH_DATABASE}: not a bench database`);
  const client = new pg.Client({ connectionString: `${PG_SERVER}/postgres`, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(BENCH_DATABASE)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function openRedis(): Redis {
  return new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
}

/** Removes what an earlier run left under the bench prefix (queues, rate-limit counters, cached auth state). */
export async function clearBenchKeys(redis: Redis): Promise<number> {
  let removed = 0;
  const stream = redis.scanStream({ match: `${QUEUE_PREFIX}:*`, count: 1000 });
  for await (const keys of stream as AsyncIterable<string[]>) {
    if (keys.length) removed += await redis.unlink(...keys);
  }
  return removed;
}
