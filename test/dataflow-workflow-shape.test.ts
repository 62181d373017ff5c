/**
 * Data flow of the workflow-shape options (test/harness): which jobs run
 * where, what they log in to and push, and what they hand to later jobs.
 */
import { Testing } from 'projen';
import { BuildStrategy, MultiArchImagePublisher, MultiArchImagePublisherOptions, Platform, Registry, TagRule } from '../src';
import { describeRun, Events, RunOptions, RunResult, runWorkflow } from './harness';
import { newProject, synthWorkflow } from './util';

const TAG = Events.tagPush('v1.2.3');

function run(options: MultiArchImagePublisherOptions, runOptions: RunOptions = {}): RunResult {
  return runWorkflow(synthWorkflow(options).text, { event: TAG, owner: 'Acme-Org', repo: 'qm-nmr-calc', attestations: 'never', ...runOptions });
}

function expectJobs(result: RunResult, statuses: Record<string, string>): void {
  const actual = Object.fromEntries(Object.keys(statuses).map(id => [id, result.jobs[id]?.status]));
  if (JSON.stringify(actual) !== JSON.stringify(statuses)) {
    throw new Error(`expected ${JSON.stringify(statuses)} but got ${JSON.stringify(actual)}\n\n${describeRun(result)}`);
  }
}

describe('onlyInRepository', () => {
  const options: MultiArchImagePublisherOptions = {
    onlyInRepository: 'Acme-Org/qm-nmr-calc',
    environment: 'production',
    images: [
      { name: 'worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
      { name: 'api', strategy: BuildStrategy.EMULATED },
    ],
  };

  test('a fork\'s run skips every publishing job: nothing logs in or pushes', () => {
    const result = run(options, { owner: 'someone-else' });
    expectJobs(result, { 'build-worker': 'skipped', 'merge-worker': 'skipped', 'build-api': 'skipped' });
    expect(result.logins).toEqual([]);
    expect(result.builds).toEqual([]);
    expect(Object.keys(result.registry)).toEqual([]);
    expect(result.conclusion).not.toBe('failure');
  });

  test('the named repository publishes (GitHub compares names without case)', () => {
    const result = run({ ...options, onlyInRepository: 'acme-org/QM-NMR-CALC' });
    expectJobs(result, { 'build-worker': 'success', 'merge-worker': 'success', 'build-api': 'success' });
    expect(Object.keys(result.registry).sort()).toEqual([
      'ghcr.io/acme-org/api:latest', 'ghcr.io/acme-org/api:v1.2.3', 'ghcr.io/acme-org/worker:latest', 'ghcr.io/acme-org/worker:v1.2.3',
    ]);
  });

  test('a fork\'s pull request still builds without pushing', () => {
    const result = run({ ...options, triggers: { tags: ['v*'], pullRequest: true } }, { owner: 'someone-else', event: Events.pullRequest(7, 'main', { fork: true }) });
    expectJobs(result, { 'build-worker': 'skipped', 'check-worker': 'success', 'check-api': 'success' });
    expect(result.logins).toEqual([]);
  });
});

describe('timeoutMinutes, failFast and environment are carried by the jobs the harness runs', () => {
  test('a clean publish with every job setting', () => {
    const result = run({
      timeoutMinutes: 30,
      failFast: true,
      environment: 'production',
      concurrency: { group: 'images', cancelInProgress: false },
      registries: [Registry.ghcr()],
      images: [{ name: 'worker', timeoutMinutes: 90 }],
    });
    expectJobs(result, { 'build-worker': 'success', 'merge-worker': 'success' });
    expect(result.registry['ghcr.io/acme-org/worker:v1.2.3'].platforms.sort()).toEqual(['linux/amd64', 'linux/arm64']);
  });
});

/** The tags of v1.2.3 in both registries (`latest` from metadata-action's latest=auto). */
function expectedTags(image: string): string[] {
  return ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'ghcr.io/acme-org']
    .flatMap(repository => ['1.2', '1.2.3', 'latest'].map(tag => `${repository}/${image}:${tag}`));
}

describe('publish job outputs', () => {
  const ECR = Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/publish' });
  let result: RunResult;
  let jobIds: Record<string, string>;
  beforeAll(() => {
    const project = newProject();
    const publisher = new MultiArchImagePublisher(project, {
      registries: [Registry.ghcr(), ECR],
      tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')],
      images: [{ name: 'worker' }, { name: 'api', strategy: BuildStrategy.EMULATED }],
    });
    jobIds = { worker: publisher.publishJobId('worker'), api: publisher.publishJobId('api') };
    // A user's deploy job that needs both publishing jobs and reads their outputs.
    publisher.workflow.addJobs({
      deploy: {
        needs: [jobIds.worker, jobIds.api],
        runsOn: ['ubuntu-latest'],
        permissions: {},
        outputs: { worker: { stepId: 'got', outputName: 'worker' }, api: { stepId: 'got', outputName: 'api' }, version: { stepId: 'got', outputName: 'version' } },
        steps: [{
          id: 'got',
          env: {
            WORKER: `\${{ needs.${jobIds.worker}.outputs.digest }}`,
            API: `\${{ needs.${jobIds.api}.outputs.digest }}`,
            VERSION: `\${{ needs.${jobIds.worker}.outputs.version }}`,
          },
          run: 'echo "worker=$WORKER" >> "$GITHUB_OUTPUT"; echo "api=$API" >> "$GITHUB_OUTPUT"; echo "version=$VERSION" >> "$GITHUB_OUTPUT"',
        }],
      },
    });
    const text = Testing.synth(project)[publisher.workflow.file!.path];
    result = runWorkflow(text, { event: TAG, owner: 'Acme-Org', attestations: 'never' });
  });

  test('publishJobId names the merge job of a native image and the single job of an emulated one', () => {
    expect(jobIds).toEqual({ worker: 'merge-worker', api: 'build-api' });
    expectJobs(result, { 'merge-worker': 'success', 'build-api': 'success', 'deploy': 'success' });
  });

  test('the digest output equals the digest every registry reports for every tag', () => {
    for (const [image, job] of Object.entries(jobIds)) {
      const digest = result.jobs[job].outputs.digest;
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      const references = Object.keys(result.registry).filter(ref => ref.includes(`/${image}:`));
      expect(references.sort()).toEqual(expectedTags(image));
      for (const reference of references) expect({ reference, digest: result.registry[reference].digest }).toEqual({ reference, digest });
    }
  });

  test('tags and version are outputs too', () => {
    expect(result.jobs['merge-worker'].outputs.version).toBe('1.2.3');
    expect(result.jobs['merge-worker'].outputs.tags.split('\n').sort()).toEqual(expectedTags('worker'));
  });

  test('a downstream job that needs the publishing jobs receives the digests', () => {
    expect(result.jobs.deploy.outputs).toEqual({
      worker: result.jobs['merge-worker'].outputs.digest,
      api: result.jobs['build-api'].outputs.digest,
      version: '1.2.3',
    });
  });

  test('the step summary lists the version and the index digest', () => {
    const summary = result.summaries.find(s => s.job === 'merge-worker')!;
    expect(summary.text).toContain(`Version \`1.2.3\`, index digest \`${result.jobs['merge-worker'].outputs.digest}\``);
  });

  test('publishJobId refuses an unknown image with a plain Error', () => {
    const publisher = new MultiArchImagePublisher(newProject(), { images: [{ name: 'worker' }] });
    expect(() => publisher.publishJobId('wroker')).toThrow(/publishJobId: imageName "wroker" is not published by workflow "publish-images"; its images are "worker"/);
  });
});
