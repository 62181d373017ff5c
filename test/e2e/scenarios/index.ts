import { DATA_FLOW_SCENARIOS } from './data-flow';
import { PUBLISHING_SCENARIOS } from './publishing';
import { TOGETHER_SCENARIOS } from './together';
import { WORKFLOW_SHAPE_SCENARIOS } from './workflow-shape';
import { Scenario } from '../scenario';

/** Every scenario `bash scripts/e2e.sh` runs, one list per concept. */
export const SCENARIOS: Scenario[] = [
  ...PUBLISHING_SCENARIOS,
  ...WORKFLOW_SHAPE_SCENARIOS,
  ...DATA_FLOW_SCENARIOS,
  ...TOGETHER_SCENARIOS,
];
