import { PUBLISHING_SCENARIOS } from './publishing';
import { REGISTRY_SCENARIOS } from './registries';
import { SUPPLY_CHAIN_SCENARIOS } from './supply-chain';
import { Scenario } from '../scenario';

/** Every scenario `bash scripts/e2e.sh` runs, one list per concept. */
export const SCENARIOS: Scenario[] = [
  ...PUBLISHING_SCENARIOS,
  ...REGISTRY_SCENARIOS,
  ...SUPPLY_CHAIN_SCENARIOS,
];
