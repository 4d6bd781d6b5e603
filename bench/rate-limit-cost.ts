/**
 * CPU per request of the global rate limit alone: RateLimitStore on a real Redis, one client
 * address, 32 requests at a time, the default bucket counted on every request (`exact`) or in
 * batches (`batched`, ADR 28). Reports this process's CPU and Redis's (INFO cpu, so other clients
 * of the same Redis show in it). Usage:
 *   node dist/bench/bench/rate-limit-cost.js [exact|batched] [requests] [redis url]
 */
import { Redis } from 'ioredis';
import { localShareOf, type RateLimitRule } from '../src/infrastructure/http/rate-limit-rule.js';
import { RateLimitStore } from '../src/infrastructure/http/rate-limit.store.js';

const [mode = 'batched', countArg = '100000', url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'] = process.argv.slice(2);
const count = Number(countArg);
const limit = 10_000_000;
const rule: RateLimitRule = {
  limit,
  windowSeconds: 60,
  blockSeconds: 60,
  localShare: mode === 'exact' ? 0 : localShareOf(limit),
};
const prefix = `hms-bench-rl-${process.pid}`;

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

async function run(store: RateLimitStore, hits: number): Promise<void> {
  let left = hits;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (left-- > 0) await store.hit('default', '10.0.0.1', rule);
    }),
  );
}

const redis = new Redis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
const store = new RateLimitStore(redis, prefix);
try {
  await redis.ping(); // counted in Redis from the first hit, not in the insurance limiter while connecting
  await run(store, 10_000);
  const redisBefore = await redisCpuSeconds(redis);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await run(store, count);
  const used = process.cpuUsage(cpu);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const redisUs = ((await redisCpuSeconds(redis)) - redisBefore) * 1e6;
  process.stdout.write(
    `${mode}, ${count} requests in ${wallMs.toFixed(0)} ms: ${((used.user + used.system) / count).toFixed(2)} µs of this process's CPU ` +
      `and ${(redisUs / count).toFixed(2)} µs of Redis's per request\n`,
  );
} finally {
  await store.close();
  await redis.del(`${prefix}:rate-limit:default:10.0.0.1`);
  redis.disconnect();
}
