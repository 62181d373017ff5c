import { PROJEN_RELEASE_SCENARIOS } from './projen-release';
import { PUBLISHING_SCENARIOS } from './publishing';
import { Scenario } from '../scenario';

/** Every scenario `bash scripts/e2e.sh` runs, one list per concept. */
export const SCENARIOS: Scenario[] = [
  ...PUBLISHING_SCENARIOS,
  ...PROJEN_RELEASE_SCENARIOS,
];
