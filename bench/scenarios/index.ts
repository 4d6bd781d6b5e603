import type { Scenario } from '../scenario.js';
import { healthScenario } from './health.scenario.js';
import { hospitalImportScenario } from './hospital-import.scenario.js';
import { loginScenario } from './login.scenario.js';

/**
 * Every scenario, in the order they run. The login flood goes last: it leaves
 * the harness's client address blocked from signing in for a minute, which
 * would stall any later scenario that signs a user in.
 */
export const SCENARIOS: readonly Scenario[] = [healthScenario, hospitalImportScenario, loginScenario];
