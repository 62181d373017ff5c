import { MultiArchImagePublisher } from '../src';
import { seedOptions } from './support/seed-options';
import { newProject, synthWorkflow } from './util';

const images = [{ name: 'app' }];

describe('path and pull-request branch filters', () => {
  test('paths apply to push and pull-request events, pullRequestBranches to pull requests', () => {
    const { workflow } = synthWorkflow({
      triggers: { tags: ['v*'], branches: ['main'], pullRequest: true, pullRequestBranches: ['main'], paths: ['docker/**', '!docker/*.md'], schedule: ['0 3 * * *'] },
      images,
    });
    expect(workflow.on).toEqual({
      push: { tags: ['v*'], branches: ['main'], paths: ['docker/**', '!docker/*.md'] },
      pull_request: { branches: ['main'], paths: ['docker/**', '!docker/*.md'] },
      schedule: [{ cron: '0 3 * * *' }],
    });
  });

  test('pathsIgnore renders as paths-ignore', () => {
    const { workflow } = synthWorkflow({ triggers: { branches: ['main'], pathsIgnore: ['docs/**'] }, images });
    expect(workflow.on).toEqual({ push: { 'branches': ['main'], 'paths-ignore': ['docs/**'] } });
  });

  test('pull requests to any branch by default', () => {
    const { workflow } = synthWorkflow({ triggers: { tags: ['v*'], pullRequest: true }, images });
    expect(workflow.on.pull_request).toEqual({});
  });

  test.each([
    [{ tags: ['v*'], paths: ['a/**'], pathsIgnore: ['b/**'] }, /triggers\.paths and triggers\.pathsIgnore are both set; GitHub forbids paths and paths-ignore on one event/],
    [{ schedule: ['0 3 * * *'], paths: ['a/**'] }, /triggers\.paths and triggers\.pathsIgnore filter push and pull-request events/],
    [{ tags: ['v*'], pullRequestBranches: ['main'] }, /triggers\.pullRequestBranches \["main"\] needs pullRequest: true/],
    [{ tags: ['v*'], paths: 'docker/**' }, /triggers\.paths "docker\/\*\*" must be a list of patterns/],
    [{ tags: ['v*'], pullRequest: true, pullRequestBranches: [''] }, /triggers\.pullRequestBranches\[0\] "" must be a non-empty pattern/],
  ])('refuses %j', (triggers, message) => {
    expect(() => new MultiArchImagePublisher(newProject(), { triggers: triggers as any, images })).toThrow(message);
  });
});

// act plans a run by event name only (it ignores branch and tag filters), so it would run
// the seed on a branch push; GitHub does not, because its push filter names only tags
// ("the workflow won't run for events affecting the undefined Git ref"). The e2e scenario
// dispatch-on-main (test/e2e/scenarios/events.ts) runs the manual trigger for real.
describe('a workflow that publishes on v* tags', () => {
  test('has a push filter with tags only, so no branch push triggers it', () => {
    const { workflow } = synthWorkflow(seedOptions({ workflowDispatch: true }));
    expect(workflow.on).toEqual({ push: { tags: ['v*'] }, workflow_dispatch: {} });
  });
});
