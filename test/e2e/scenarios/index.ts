import { EVENT_SCENARIOS } from './events';
import { PUBLISHING_SCENARIOS } from './publishing';
import { Scenario } from '../scenario';

/** Every scenario `bash scripts/e2e.sh` runs, one list per concept. */
export const SCENARIOS: Scenario[] = [
  ...PUBLISHING_SCENARIOS,
  ...EVENT_SCENARIOS,
];
