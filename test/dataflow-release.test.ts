/**
 * The data-flow proof for the release features: tag rules per event (branch, schedule, Git tag),
 * every platform on the runner the configuration asks for with QEMU exactly
 * where needed, and smoke tests that keep a broken platform image out of
 * the index. Each workflow is generated from typed options and executed by
 * the harness (test/harness), with build-push-action's default provenance
 * attestations.
 */
import { MultiArchImagePublisherOptions, Platform, Runner, TagRule } from '../src';
import { describeRun, Events, failedSteps, Faults, LegRecord, RunOptions, RunResult, runWorkflow } from './harness';
import { synthWorkflow } from './util';

const OWNER = 'Acme-Org';
const TAG = Events.tagPush('v1.2.3');
const SEMVER = [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')];
const RELEASE_TAGS = ['1.2', '1.2.3', 'latest'];
const AMD64_ARM64 = [Platform.LINUX_AMD64, Platform.LINUX_ARM64];
const EMULATED_PLATFORMS = ['linux/arm/v7', 'linux/arm/v6', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64'];

function workflowOf(options: MultiArchImagePublisherOptions): any {
  return synthWorkflow(options).workflow;
}

function run(workflow: object, options: RunOptions = {}): RunResult {
  return runWorkflow(workflow, { event: TAG, owner: OWNER, ...options });
}

/** Throws with the run's transcript unless `check` holds, so a failure shows what happened. */
function expectRun(result: RunResult, check: boolean, what: string): void {
  if (!check) throw new Error(`${what}\n\n${describeRun(result)}`);
}

function expectJobs(result: RunResult, statuses: Record<string, string>): void {
  const actual = Object.fromEntries(Object.keys(statuses).map(job => [job, result.jobs[job]?.status]));
  expectRun(result, JSON.stringify(actual) === JSON.stringify(statuses), `job statuses ${JSON.stringify(actual)}, expected ${JSON.stringify(statuses)}`);
}

function legsOf(result: RunResult, job: string): LegRecord[] {
  return result.legs.filter(l => l.job === job);
}

function legOf(result: RunResult, job: string, platform: string): LegRecord {
  const leg = legsOf(result, job).find(l => l.matrix.platform === platform);
  if (!leg) throw new Error(`no ${platform} leg in ${job}\n\n${describeRun(result)}`);
  return leg;
}

function step(leg: LegRecord, name: string) {
  const found = leg.steps.find(s => s.name === name);
  if (!found) throw new Error(`${leg.label} has no step "${name}" (it has: ${leg.steps.map(s => s.name).join(', ')})`);
  return found;
}

/** `repository:tag` → sorted platforms, for the tags of repositories matching `filter`. */
function publishedTags(result: RunResult, filter = ''): Record<string, string[]> {
  return Object.fromEntries(Object.entries(result.registry)
    .filter(([ref]) => ref.includes(filter))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ref, tag]) => [ref, [...tag.platforms].sort()]));
}

describe('tag rules per event: edge on main, nightly on schedule, semver on tags', () => {
  const workflow = workflowOf({
    triggers: { tags: ['v*'], branches: ['main'], schedule: ['0 3 * * *'] },
    tags: [TagRule.edge(), TagRule.schedule('nightly'), ...SEMVER],
    images: [{ name: 'app', platforms: [Platform.LINUX_AMD64] }],
  });
  const tagsAfter = (event: RunOptions['event']) => {
    const result = run(workflow, { event });
    expectJobs(result, { 'build-app': 'success', 'merge-app': 'success' });
    return Object.keys(result.registry).map(ref => ref.replace('ghcr.io/acme-org/app:', '')).sort();
  };

  test('a push to main publishes edge', () => {
    expect(tagsAfter(Events.branchPush('main'))).toEqual(['edge']);
  });

  // metadata-action's edge rule reacts to any run on refs/heads/<default branch>, and a
  // scheduled run is on main: it moves edge as well (to a rebuild of main's head).
  test('a scheduled run publishes nightly (and edge, as metadata-action does on main)', () => {
    expect(tagsAfter(Events.schedule('main', '0 3 * * *'))).toEqual(['edge', 'nightly']);
  });

  test('a Git tag publishes the semver tags and latest', () => {
    expect(tagsAfter(TAG)).toEqual(RELEASE_TAGS);
  });
});

describe('all eight platforms built natively', () => {
  const ALL = [
    Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6,
    Platform.LINUX_386, Platform.LINUX_PPC64LE, Platform.LINUX_S390X, Platform.LINUX_RISCV64,
  ];
  const workflow = workflowOf({
    tags: SEMVER,
    platformRunners: [{ platform: Platform.LINUX_ARM64, runner: Runner.labels('self-hosted', 'linux', 'arm64') }],
    images: [{
      name: 'everything',
      platforms: ALL,
      platformOverrides: [{ platform: Platform.LINUX_386, runner: Runner.group('x86-builders', ['linux']) }],
    }],
  });
  let result: RunResult;
  beforeAll(() => {
    result = run(workflow);
  });

  test('every leg runs on the runner the configuration asks for', () => {
    expectJobs(result, { 'build-everything': 'success', 'merge-everything': 'success' });
    const runners = Object.fromEntries(legsOf(result, 'build-everything').map(l => [l.matrix.platform, l.runner]));
    expect(runners).toEqual({
      'linux/amd64': { labels: ['ubuntu-24.04'] },
      'linux/arm64': { labels: ['self-hosted', 'linux', 'arm64'] },
      'linux/arm/v7': { labels: ['ubuntu-24.04-arm'] },
      'linux/arm/v6': { labels: ['ubuntu-24.04-arm'] },
      'linux/386': { group: 'x86-builders', labels: ['linux'] },
      'linux/ppc64le': { labels: ['ubuntu-24.04'] },
      'linux/s390x': { labels: ['ubuntu-24.04'] },
      'linux/riscv64': { labels: ['ubuntu-24.04'] },
    });
  });

  test('QEMU is set up exactly on the legs that need it, and only for their own platform', () => {
    for (const leg of legsOf(result, 'build-everything')) {
      const platform = String(leg.matrix.platform);
      const needs = EMULATED_PLATFORMS.includes(platform);
      expect([platform, leg.qemuSetUp, leg.qemuPlatforms]).toEqual([platform, needs, needs ? [platform] : []]);
    }
    expect(Object.fromEntries(result.builds.map(b => [b.platforms.join(), b.emulated.join()]))).toEqual(
      Object.fromEntries(ALL.map(p => [p.value, EMULATED_PLATFORMS.includes(p.value) ? p.value : ''])));
  });

  test('the published index holds all eight platforms under every tag', () => {
    const all = ALL.map(p => p.value).sort();
    expect(publishedTags(result)).toEqual(Object.fromEntries(RELEASE_TAGS.map(t => [`ghcr.io/acme-org/everything:${t}`, all])));
  });

  test('with armRunners: false the arm64 leg runs on ubuntu-24.04 under QEMU and still publishes', () => {
    const x64Only = run(workflowOf({ tags: SEMVER, armRunners: false, images: [{ name: 'app', platforms: AMD64_ARM64 }] }));
    expectJobs(x64Only, { 'build-app': 'success', 'merge-app': 'success' });
    const arm = legOf(x64Only, 'build-app', 'linux/arm64');
    expect([arm.runner, arm.runnerArch, arm.qemuSetUp, arm.qemuPlatforms]).toEqual([{ labels: ['ubuntu-24.04'] }, 'X64', true, ['linux/arm64']]);
    expect(x64Only.builds.find(b => b.platforms[0] === 'linux/arm64')!.emulated).toEqual(['linux/arm64']);
    expect(x64Only.registry['ghcr.io/acme-org/app:1.2.3'].platforms.sort()).toEqual(['linux/amd64', 'linux/arm64']);
  });
});

describe('smoke tests', () => {
  const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];
  const workflow = workflowOf({
    triggers: { tags: ['v*'], pullRequest: true },
    tags: SEMVER,
    images: [{
      name: 'app',
      platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7],
      smokeTest: { args: ['--version'], expectOutput: '^app \\d' },
    }],
  });
  const smoke = (options: RunOptions = {}) => run(workflow, { containerOutput: 'app 1.2.3', ...options });
  const SMOKE_STEP = 'Smoke-test the image';

  test('on a tag push each leg runs its own pushed digest on its platform (arm/v7 under QEMU), then publishes', () => {
    const result = smoke();
    expectJobs(result, { 'build-app': 'success', 'merge-app': 'success', 'check-app': 'skipped' });
    expect(result.containerRuns.map(r => [r.leg.match(/\(([^,]+),/)![1], r.requestedPlatform, r.platform, r.source, r.emulated, r.args, r.exitCode, r.stdout.trim()]))
      .toEqual(PLATFORMS.map(p => [p, p, p, 'registry', p === 'linux/arm/v7', ['--version'], 0, 'app 1.2.3']));
    for (const r of result.containerRuns) {
      // The reference is the digest this very leg pushed, and the manifest that ran is its image.
      const build = result.builds.find(b => b.leg === r.leg)!;
      expect(r.image).toBe(`ghcr.io/acme-org/app@${build.digest}`);
      expect(r.digest).toBe(build.manifests[0].digest);
      expect(step(result.legs.find(l => l.label === r.leg)!, SMOKE_STEP).stdout).toContain('app 1.2.3');
    }
    expect(legOf(result, 'build-app', 'linux/arm/v7').qemuPlatforms).toEqual(['linux/arm/v7']);
    expect(Object.keys(result.registry).sort()).toEqual(RELEASE_TAGS.map(t => `ghcr.io/acme-org/app:${t}`));
  });

  test('an arm64 image that fails its smoke test never reaches the merge, and no tag moves', () => {
    const result = smoke({ faults: [Faults.smokeTestFails({ platform: 'linux/arm64' })] });
    expectJobs(result, { 'build-app': 'failure', 'merge-app': 'skipped' });
    expect(failedSteps(result).map(f => [f.leg.match(/\(([^,]+),/)![1], f.step, f.errors])).toEqual([
      ['linux/arm64', SMOKE_STEP, ['The linux/arm64 image failed its smoke test (exit code 1)']],
    ]);
    const arm = legOf(result, 'build-app', 'linux/arm64');
    expect(step(arm, 'Upload the digest').status).toBe('skipped');
    expect(result.uploads.map(u => u.name)).toEqual(['digests~app~linux-amd64', 'digests~app~linux-arm-v7']);
    expect(result.jobs['merge-app'].legs).toEqual([]);
    expect(result.registry).toEqual({});
  });

  test('an image whose output does not match expectOutput fails the same way', () => {
    const result = smoke({ faults: [Faults.smokeTestFails({ platform: 'linux/arm/v7', exitCode: 0, output: 'Usage: app [options]' })] });
    expectJobs(result, { 'build-app': 'failure', 'merge-app': 'skipped' });
    expect(failedSteps(result).map(f => [f.leg.match(/\(([^,]+),/)![1], f.step, f.errors])).toEqual([
      ['linux/arm/v7', SMOKE_STEP, ['The linux/arm/v7 image ran, but no line of its output matches ^app \\d']],
    ]);
    expect(result.registry).toEqual({});
  });

  // Docker's own pull messages ("Unable to find image '…' locally") must not count as the
  // image's output: the smoke test runs `docker run --quiet`.
  test('an image that prints nothing does not pass an expectOutput that names the image', () => {
    const silent = workflowOf({
      tags: SEMVER,
      images: [{ name: 'app', platforms: [Platform.LINUX_AMD64], smokeTest: { args: ['--version'], expectOutput: 'app' } }],
    });
    const result = run(silent, { containerOutput: '' });
    expect(result.containerRuns.map(r => r.stdout)).toEqual(['']);
    expectJobs(result, { 'build-app': 'failure', 'merge-app': 'skipped' });
  });

  test('on a pull request each leg runs its locally loaded image; nothing is pushed', () => {
    const result = smoke({ event: Events.pullRequest(7) });
    expectJobs(result, { 'check-app': 'success', 'build-app': 'skipped', 'merge-app': 'skipped' });
    expect(result.builds.map(b => [b.platforms.join(), b.loaded, b.tags, b.pushByDigest])).toEqual(PLATFORMS.map(p => [p, true, ['app:pr-check'], false]));
    expect(result.containerRuns.map(r => [r.job, r.image, r.source, r.platform, r.emulated, r.exitCode]))
      .toEqual(PLATFORMS.map(p => ['check-app', 'app:pr-check', 'local', p, p === 'linux/arm/v7', 0]));
    expect(result.logins).toEqual([]);
    expect(result.registry).toEqual({});
  });
});

describe('harness stand-ins for the new steps', () => {
  const wf = (jobs: string) => `name: t\non: push\npermissions: {}\njobs:\n${jobs}`;

  test('docker run needs QEMU for a foreign platform, a login for a registry image, and the right platform', () => {
    const result = runWorkflow(wf(`
  push:
    runs-on: ubuntu-24.04-arm
    permissions: { packages: write }
    outputs:
      digest: \${{ steps.b.outputs.digest }}
    steps:
      - uses: docker/setup-buildx-action@v3
      - uses: docker/login-action@v3
        with: { registry: ghcr.io, username: u, password: '\${{ secrets.GITHUB_TOKEN }}' }
      - id: b
        uses: docker/build-push-action@v6
        with: { platforms: linux/arm64, outputs: 'type=image,name=ghcr.io/o/a,push-by-digest=true,push=true' }
  run:
    needs: push
    runs-on: ubuntu-24.04
    permissions: { packages: read }
    env:
      REF: ghcr.io/o/a@\${{ needs.push.outputs.digest }}
    steps:
      - run: '! docker run --rm --platform linux/arm64 "$REF"'
      - uses: docker/login-action@v3
        with: { registry: ghcr.io, username: u, password: '\${{ secrets.GITHUB_TOKEN }}' }
      - run: |
          set +e
          docker run --rm --platform linux/arm64 "$REF"; echo "no-qemu=$?" >> "$GITHUB_OUTPUT"
          docker run --rm --platform linux/amd64 "$REF"; echo "wrong-platform=$?" >> "$GITHUB_OUTPUT"
        id: before
      - uses: docker/setup-qemu-action@v3
        with: { platforms: arm64 }
      - run: test "$(docker run --rm --platform linux/arm64 "$REF" hello)" = "app 1.2.3"
`), { event: Events.branchPush(), containerOutput: 'app 1.2.3' });
    expectRun(result, result.conclusion === 'success', 'the run failed');
    expect(result.legs[1].steps[2].outputs).toEqual({ 'no-qemu': '255', 'wrong-platform': '125' });
    expect(result.containerRuns.map(r => [r.exitCode, r.emulated, r.stderr.split('\n').filter(Boolean).pop()])).toEqual([
      [125, false, expect.stringContaining('401 Unauthorized')],
      [255, true, 'exec /usr/local/bin/entrypoint: exec format error'],
      [125, false, 'docker: Error response from daemon: no matching manifest for linux/amd64 in the manifest list entries'],
      [0, true, expect.stringContaining('Status: Downloaded newer image')],
    ]);
    expect(result.legs[1].qemuPlatforms).toEqual(['arm64']);
  });

  test('a docker command or run flag the harness does not model stops the run', () => {
    expect(() => runWorkflow(wf('  a:\n    runs-on: x\n    steps:\n      - run: docker run -v /:/host alpine\n'), { event: Events.branchPush() }))
      .toThrow(/does not model `docker run -v`/);
    expect(() => runWorkflow(wf('  a:\n    runs-on: x\n    steps:\n      - run: docker push ghcr.io/o/a:1\n'), { event: Events.branchPush() }))
      .toThrow(/does not model `docker push ghcr.io\/o\/a:1`/);
  });
});
