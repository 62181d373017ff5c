/**
 * publishTogether, as written in the workflow: every merge job needs every
 * image's checks (the runs themselves are e2e scenarios: publish-together in
 * test/e2e/scenarios/publishing.ts, the together-* ones in together.ts).
 */
import { BuildStrategy, MultiArchImagePublisherOptions, Platform, TagRule } from '../src';
import { synthWorkflow } from './util';

const OPTIONS: MultiArchImagePublisherOptions = {
  publishTogether: true,
  tags: [TagRule.semver('{{version}}')],
  images: [
    { name: 'api', strategy: BuildStrategy.EMULATED },
    { name: 'worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
    { name: 'cli', platforms: [Platform.LINUX_AMD64] },
  ],
};

test('publishTogether: every merge job needs every image\'s checks: native plan jobs and emulated builds', () => {
  const jobs = synthWorkflow(OPTIONS).workflow.jobs;
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

test('the default: each merge job needs only its own build, and there is no plan job', () => {
  const jobs = synthWorkflow({ ...OPTIONS, publishTogether: false }).workflow.jobs;
  expect([jobs['merge-worker'].needs].flat()).toEqual(['build-worker']);
  expect(Object.keys(jobs)).not.toContain('plan-worker');
});
