/**
 * Runs the generated workflow end to end with the data-flow harness
 * (test/harness). Only the other events remain here (being ported by another
 * helper); the seed's data flow, names that prefix each other, verification
 * against the registry and the faults of build legs are e2e scenarios now
 * (test/e2e/scenarios/data-flow.ts and publishing.ts).
 */
import { Events, RunOptions, RunResult, runWorkflow } from './harness';
import { seedOptions } from './support/seed-options';
import { synthWorkflow } from './util';

const OWNER = 'Acme-Org';
const TAG = Events.tagPush('v1.2.3');

/** The seed research doc's pipeline from typed options (as DESIGN.md has it: v* tags + workflow_dispatch). */
const SEED_OPTIONS = seedOptions({ workflowDispatch: true });

function run(workflow: string | object, options: RunOptions = {}): RunResult {
  return runWorkflow(workflow, { event: TAG, owner: OWNER, attestations: 'never', ...options });
}

const seedWorkflow = synthWorkflow(SEED_OPTIONS).text;

describe('other events', () => {
  test('a branch push does not trigger a workflow that publishes on v* tags', () => {
    const result = run(seedWorkflow, { event: Events.branchPush('main') });
    expect(result.triggered).toBe(false);
    expect(result.legs).toHaveLength(0);
  });

  test('workflow_dispatch on main publishes only what the tag rules give a branch: latest', () => {
    const result = run(seedWorkflow, { event: Events.workflowDispatch('main') });
    expect(result.conclusion).toBe('success');
    expect(Object.keys(result.registry).sort()).toEqual([
      'ghcr.io/acme-org/qm-nmr-calc-api:latest',
      'ghcr.io/acme-org/qm-nmr-calc-worker:latest',
    ]);
  });
});
