/** The foundation scenario on the embedded defaults: the local session store and chDB. */
import { describe } from 'vitest';
import { defineSessionScenario } from './session-scenario.js';

describe('one CWMP session end to end on the embedded local store and chDB', () => {
  defineSessionScenario({ config: () => ({}) });
});
