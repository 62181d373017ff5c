/**
 * `publishTogether`: the data-flow harness runs the generated workflow and
 * shows that no image's tags move unless every image built and passed its
 * checks, while the default keeps publishing each image on its own.
 */
import { BuildStrategy, MultiArchImagePublisherOptions, Platform, TagRule } from '../src';
import { describeRun, Events, failedSteps, Faults, RunOptions, RunResult, runWorkflow } from './harness';
import { synthWorkflow } from './util';

const OPTIONS: MultiArchImagePublisherOptions = {
  publishTogether: true,
  tags: [TagRule.semver('{{version}}')],
  images: [
    { name: 'api', strategy: BuildStrategy.EMULATED, smokeTest: { args: ['--version'] } },
    { name: 'worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
    { name: 'cli', platforms: [Platform.LINUX_AMD64] },
  ],
};
const together = synthWorkflow(OPTIONS);
const separately = synthWorkflow({ ...OPTIONS, publishTogether: false });

function run(text: string, options: RunOptions = {}): RunResult {
  return runWorkflow(text, { event: Events.tagPush('v2.0.0'), owner: 'acme', ...options });
}

function tagsIn(result: RunResult): string[] {
  return Object.keys(result.registry).filter(ref => ref.includes(':')).sort();
}

function expectConclusion(result: RunResult, conclusion: string): void {
  if (result.conclusion !== conclusion) throw new Error(`expected ${conclusion}\n\n${describeRun(result)}`);
}

describe('publishTogether: true', () => {
  test('every merge job needs every image\'s checks: native plan jobs and emulated builds', () => {
    const jobs = together.workflow.jobs;
    const all = ['build-api', 'plan-worker', 'plan-cli'];
    expect(jobs['merge-api'].needs).toEqual(['build-api', ...all.slice(1)]);
    expect(jobs['merge-worker'].needs).toEqual(['build-worker', ...all]);
    expect(jobs['merge-cli'].needs).toEqual(['build-cli', ...all]);
    expect([jobs['plan-worker'].needs].flat()).toEqual(['build-worker']);
    // The emulated build stops after checking its plan; its merge creates the tags.
    const api = jobs['build-api'].steps.map((s: any) => s.name);
    expect(api).toContain('Check the planned multi-platform index');
    expect(api).not.toContain('Create the multi-platform index');
  });

  test('a clean run publishes every image', () => {
    const result = run(together.text);
    expectConclusion(result, 'success');
    expect(tagsIn(result)).toEqual(['api', 'cli', 'worker'].flatMap(i => [`ghcr.io/acme/${i}:2.0.0`, `ghcr.io/acme/${i}:latest`]));
  });

  test.each([
    ['arm64 builds that push amd64 images (emulated api and native worker)', [Faults.buildProducesPlatform('linux/arm64', 'linux/amd64')], ['build-api', 'plan-worker']],
    ['a failed smoke test of the emulated api (arm64 under QEMU)', [Faults.smokeTestFails({ platform: 'linux/arm64', job: 'build-api' })], ['build-api']],
    ['a cli build that returns no digest', [Faults.buildReturnsNoDigest({ job: 'build-cli' })], ['build-cli']],
  ])('%s: no image\'s tags move', (_what, faults, failingJobs) => {
    const result = run(together.text, { faults });
    expectConclusion(result, 'failure');
    expect([...new Set(failedSteps(result).map(f => f.job))].sort()).toEqual(failingJobs);
    expect(result.imagetoolsCreates.filter(c => c.tags.length > 0)).toEqual([]);
    expect(tagsIn(result)).toEqual([]);
    for (const merge of ['merge-api', 'merge-worker', 'merge-cli']) expect(result.jobs[merge].status).toBe('skipped');
  });
});

describe('publishTogether: false (the default)', () => {
  test('a failing worker leaves the other images published on the new version', () => {
    const result = run(separately.text, { faults: [Faults.buildReturnsNoDigest({ job: 'build-worker' })] });
    expect(tagsIn(result)).toEqual(['api', 'cli'].flatMap(i => [`ghcr.io/acme/${i}:2.0.0`, `ghcr.io/acme/${i}:latest`]));
    expect([separately.workflow.jobs['merge-worker'].needs].flat()).toEqual(['build-worker']);
    expect(Object.keys(separately.workflow.jobs)).not.toContain('plan-worker');
  });
});
