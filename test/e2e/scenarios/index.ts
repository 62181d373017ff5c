import { BUILD_CACHE_SCENARIOS } from './build-cache';
import { BUILD_INPUTS_SCENARIOS } from './build-inputs';
import { EVENT_SCENARIOS } from './events';
import { PUBLISHING_SCENARIOS } from './publishing';
import { SMOKE_TEST_SCENARIOS } from './smoke-tests';
import { VARIANT_SCENARIOS } from './variants';
import { Scenario } from '../scenario';

/** Every scenario `bash scripts/e2e.sh` runs, one list per concept. */
export const SCENARIOS: Scenario[] = [
  ...PUBLISHING_SCENARIOS,
  ...SMOKE_TEST_SCENARIOS,
  ...BUILD_INPUTS_SCENARIOS,
  ...BUILD_CACHE_SCENARIOS,
  ...VARIANT_SCENARIOS,
  ...EVENT_SCENARIOS,
];
