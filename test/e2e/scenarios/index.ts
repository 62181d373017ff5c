import { BUILD_CACHE_SCENARIOS } from './build-cache';
import { BUILD_INPUTS_SCENARIOS } from './build-inputs';
import { DATA_FLOW_SCENARIOS } from './data-flow';
import { EVENT_SCENARIOS } from './events';
import { PROJEN_RELEASE_SCENARIOS } from './projen-release';
import { PUBLISHING_SCENARIOS } from './publishing';
import { REGISTRY_SCENARIOS } from './registries';
import { SMOKE_TEST_SCENARIOS } from './smoke-tests';
import { SUPPLY_CHAIN_SCENARIOS } from './supply-chain';
import { TOGETHER_SCENARIOS } from './together';
import { VARIANT_SCENARIOS } from './variants';
import { WORKFLOW_SHAPE_SCENARIOS } from './workflow-shape';
import { Scenario } from '../scenario';

/** Every scenario `bash scripts/e2e.sh` runs, one list per concept. */
export const SCENARIOS: Scenario[] = [
  ...PUBLISHING_SCENARIOS,
  ...SMOKE_TEST_SCENARIOS,
  ...BUILD_INPUTS_SCENARIOS,
  ...BUILD_CACHE_SCENARIOS,
  ...VARIANT_SCENARIOS,
  ...EVENT_SCENARIOS,
  ...WORKFLOW_SHAPE_SCENARIOS,
  ...DATA_FLOW_SCENARIOS,
  ...TOGETHER_SCENARIOS,
  ...REGISTRY_SCENARIOS,
  ...SUPPLY_CHAIN_SCENARIOS,
  ...PROJEN_RELEASE_SCENARIOS,
];
