import { processCpu } from '../load/run-loads.js';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config.js';
import { expectStatus } from '../api-client.js';
import type { HttpRequestSpec, LatencySummary } from '../load/load-protocol.js';
import { startBacklogSampler } from '../samplers/backlog-sampler.js';
import { loadMeasurement, type Scenario } from '../scenario.js';

const FLOOD_CONNECTIONS = 20;
const FLOOD_USER = 'login.flood@bench.hms';

const count = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const latency = (s: LatencySummary | undefined) => (s ? `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}` : 'none');

/**
 * Scenario 2: a sign-in flood (POST /auth/login, correct password, 20
 * connections) with the login rate limit at its default. Argon2id makes each
 * real sign-in cost tens of milliseconds of CPU; the limiter answers 429 from
 * Redis before any hashing once a client address has used its budget. The
 * flood's 429s are its expected outcome; a 200 past the budget, or any other
 * status, is not.
 *
 * To show the limiter protects the rest of the API, an authenticated cheap
 * GET (/auth/me: token check, cached session state, one primary-key read)
 * runs alone first, then again alongside the flood; its rate under the
 * flood is reported as a share of its rate alone. The flood's phase has no
 * warm-up: a warm-up would spend the sign-in budget before the measurement.
 */
export const loginScenario: Scenario = {
  name: 'login',
  number: 2,
  title: 'POST /auth/login flood under the login rate limit',
  async run(ctx) {
    const limit = loadConfig(ctx.serverEnv).auth.loginRateLimitPerMinute;
    const adminToken = await ctx.adminToken();
    const password = randomBytes(24).toString('base64url');
    const created = await ctx.api.request('POST', '/api/v1/users', {
      token: adminToken,
      json: { email: FLOOD_USER, displayName: 'Login flood', password, roles: ['auditor'] },
    });
    expectStatus(created, 201, 'creating the flood user');

    const probe = (warmup: boolean) => ({
      label: warmup ? 'GET /auth/me alone' : 'GET /auth/me during the flood',
      requests: [
        { method: 'GET', path: '/api/v1/auth/me', headers: { authorization: `Bearer ${adminToken}` } },
      ] as HttpRequestSpec[],
      connections: ctx.options.connections,
      expectedStatuses: [200],
      warmup,
    });
    const sampler = startBacklogSampler(ctx.db);
    const [alone] = await ctx.runLoads([probe(true)]);
    ctx.log(`  ${alone.spec.label}: ${alone.measured.requestsPerSecond.toFixed(0)} req/s; now with the sign-in flood`);
    const [during, flood] = await ctx.runLoads([
      probe(false),
      {
        label: `POST /auth/login × ${FLOOD_CONNECTIONS} connections`,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/auth/login',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: FLOOD_USER, password }),
          },
        ],
        connections: FLOOD_CONNECTIONS,
        expectedStatuses: [200, 429],
        warmup: false,
        latencyByStatus: true,
      },
    ]);
    const backlog = await sampler.stop();

    const seconds = flood.measured.durationSeconds;
    const signedIn = flood.measured.statuses['200'] ?? 0;
    const refused = flood.measured.statuses['429'] ?? 0;
    // A flooding client gets one budget per window, then a block as long as the window (ADR 3).
    const allowed = limit * Math.ceil((seconds + 1) / 60);
    const byStatus = flood.measured.latencyByStatus ?? {};
    const ratio = during.measured.requestsPerSecond / alone.measured.requestsPerSecond;

    return {
      measurements: [
        loadMeasurement(alone),
        loadMeasurement(during, { label: alone.spec.label, requestsPerSecond: alone.measured.requestsPerSecond }),
        loadMeasurement(flood),
      ],
      targets: [
        {
          target: `sign-ins let through ≤ ${limit} per minute per client address (LOGIN_RATE_LIMIT_PER_MINUTE)`,
          actual: `${signedIn} in ${seconds.toFixed(0)} s (at most ${allowed} allowed)`,
          met: signedIn <= allowed,
        },
      ],
      notes: [
        `Sign-in flood: ${count(flood.measured.requests)} requests, ${signedIn} signed in (200: ${latency(byStatus['200'])}), ` +
          `${count(refused)} refused by the login limit (429: ${latency(byStatus['429'])}).`,
        `Argon2id is paid only by the ${signedIn} signed-in requests; the 429s are answered from Redis before any hashing.`,
        `GET /auth/me kept ${(ratio * 100).toFixed(0)}% of its rate alone while the flood ran ` +
          `(${during.measured.requestsPerSecond.toFixed(0)} vs ${alone.measured.requestsPerSecond.toFixed(0)} req/s; ` +
          `p99 ${ms(during.measured.latencyMs.p99)} vs ${ms(alone.measured.latencyMs.p99)}). ` +
          `On this machine the flood's own load generator competes for the same cores.`,
        `CPU during the flood: ${processCpu(flood.cpu)}.`,
      ],
      backlog,
    };
  },
};
