import { PUBLISHING_SCENARIOS } from './publishing';
import { SMOKE_TEST_SCENARIOS } from './smoke-tests';
import { Scenario } from '../scenario';

/** Every scenario `bash scripts/e2e.sh` runs, one list per concept. */
export const SCENARIOS: Scenario[] = [
  ...PUBLISHING_SCENARIOS,
  ...SMOKE_TEST_SCENARIOS,
];
