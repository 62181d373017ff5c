import { BuildStrategy, MultiArchImagePublisher, Platform, Registry } from '../src';
import { newProject, synthWorkflow } from './util';

const ECR = Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/publish' });

describe('job settings', () => {
  const { workflow } = synthWorkflow({
    triggers: { tags: ['v*'], pullRequest: true },
    registries: [Registry.ghcr(), ECR],
    timeoutMinutes: 60,
    failFast: true,
    environment: 'production',
    concurrency: { group: 'images-${{ github.ref }}', cancelInProgress: false },
    onlyInRepository: 'acme/images',
    images: [
      { name: 'api', strategy: BuildStrategy.EMULATED, timeoutMinutes: 20 },
      { name: 'worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64], failFast: false },
      { name: 'docs', environment: 'docs-site' },
    ],
  });

  test('timeoutMinutes: every job, the image\'s value winning', () => {
    expect(Object.fromEntries(Object.entries(workflow.jobs).map(([id, job]: [string, any]) => [id, job['timeout-minutes']]))).toEqual({
      'build-api': 20, 'check-api': 20, 'build-worker': 60, 'merge-worker': 60, 'check-worker': 60, 'build-docs': 60, 'merge-docs': 60, 'check-docs': 60,
    });
  });

  test('failFast: build matrices, the image\'s value winning', () => {
    expect(workflow.jobs['build-worker'].strategy['fail-fast']).toBe(false);
    expect(workflow.jobs['check-worker'].strategy['fail-fast']).toBe(false);
  });

  test('environment and onlyInRepository: every job that logs in, and only those', () => {
    for (const id of ['build-api', 'build-worker', 'merge-worker']) {
      expect(workflow.jobs[id].environment).toBe('production');
    }
    // The first jobs decide; a merge job skips with the build it needs.
    for (const id of ['build-api', 'build-worker']) {
      expect(workflow.jobs[id].if).toBe("(github.event_name != 'pull_request') && (github.repository == 'acme/images')");
    }
    expect(workflow.jobs['merge-worker'].if).toBeUndefined();
    expect(workflow.jobs['merge-worker'].needs).toBe('build-worker');
    // An image's own environment wins on its jobs; pull-request checks log in nowhere.
    expect([workflow.jobs['build-docs'].environment, workflow.jobs['merge-docs'].environment]).toEqual(['docs-site', 'docs-site']);
    for (const id of ['check-api', 'check-worker', 'check-docs']) {
      expect(workflow.jobs[id].environment).toBeUndefined();
      expect(workflow.jobs[id].if).toBe("github.event_name == 'pull_request'");
    }
  });

  test('concurrency', () => {
    expect(workflow.concurrency).toEqual({ 'group': 'images-${{ github.ref }}', 'cancel-in-progress': false });
  });

  test('defaults: no timeout, no environment, no repository condition, fail-fast false, runs of a ref queue', () => {
    const { workflow: plain } = synthWorkflow({ images: [{ name: 'app' }] });
    const build = plain.jobs['build-app'];
    expect([build['timeout-minutes'], build.environment, build.if, build.strategy['fail-fast']]).toEqual([undefined, undefined, undefined, false]);
    expect(plain.concurrency).toEqual({ 'group': '${{ github.workflow }}-${{ github.ref }}', 'cancel-in-progress': false });
  });

  test('failFast true on the publisher reaches every matrix', () => {
    const { workflow: ff } = synthWorkflow({ failFast: true, images: [{ name: 'app' }] });
    expect(ff.jobs['build-app'].strategy['fail-fast']).toBe(true);
  });

  test('concurrency.cancelInProgress alone keeps the default group', () => {
    const { workflow: c } = synthWorkflow({ concurrency: { cancelInProgress: true }, images: [{ name: 'app' }] });
    expect(c.concurrency).toEqual({ 'group': '${{ github.workflow }}-${{ github.ref }}', 'cancel-in-progress': true });
  });
});

describe('bad job settings are refused with an Error naming the option', () => {
  const images = [{ name: 'app' }];
  test.each([
    [{ timeoutMinutes: 0 }, /timeoutMinutes 0 must be a whole number of minutes from 1 to 4320/],
    [{ timeoutMinutes: -5 }, /timeoutMinutes -5 must be a whole number/],
    [{ timeoutMinutes: 1.5 }, /timeoutMinutes 1.5 must be a whole number/],
    [{ images: [{ name: 'app', timeoutMinutes: 0 }] }, /images\[0\]\.timeoutMinutes 0 must be a whole number/],
    [{ failFast: 'yes' }, /failFast "yes" must be true or false/],
    [{ images: [{ name: 'app', failFast: 1 }] }, /images\[0\]\.failFast 1 must be true or false/],
    [{ onlyInRepository: 'images' }, /onlyInRepository "images" is not a repository; use "owner\/name"/],
    [{ onlyInRepository: "acme/x' || true || '" }, /onlyInRepository .* is not a repository/],
    [{ environment: '' }, /environment "" is not an environment name/],
    [{ environment: '${{ inputs.env }}' }, /environment .* is not an environment name/],
    [{ images: [{ name: 'app', environment: 'a"b' }] }, /images\[0\]\.environment "a\\"b" is not an environment name/],
    [{ concurrency: { group: '' } }, /concurrency\.group "" must be a non-empty string/],
    [{ concurrency: { cancelInProgress: 'true' } }, /concurrency\.cancelInProgress "true" must be true or false/],
    [{ concurrency: { cancel: true } }, /concurrency has no option "cancel"; ConcurrencyOptions allows group, cancelInProgress/],
  ])('%j', (options, message) => {
    expect(() => new MultiArchImagePublisher(newProject(), { images, ...options } as any)).toThrow(message);
  });
});
