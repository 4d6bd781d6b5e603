import { processCpu } from '../load/run-loads.js';
import { loadMeasurement, type Scenario } from '../scenario.js';

/**
 * Scenario 1: GET /health/live, which touches neither PostgreSQL nor Redis
 * (and skips the rate limiter): what the HTTP stack alone can answer on this
 * machine, the ceiling every other scenario sits under.
 */
export const healthScenario: Scenario = {
  name: 'health',
  number: 1,
  title: 'GET /health/live (framework ceiling)',
  async run(ctx) {
    const [result] = await ctx.runLoads([
      {
        label: 'GET /health/live',
        requests: [{ method: 'GET', path: '/health/live' }],
        connections: ctx.options.connections,
        expectedStatuses: [200],
      },
    ]);
    return {
      measurements: [loadMeasurement(result)],
      targets: [],
      notes: [`CPU: ${processCpu(result.cpu)}.`],
    };
  },
};
