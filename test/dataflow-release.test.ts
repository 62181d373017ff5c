/**
 * The data-flow proof for the release features: several registries (GHCR,
 * Docker Hub, ECR through OIDC) and per-image registries, pull-request
 * builds that push nothing, and smoke tests that keep a broken platform image out of
 * the index. Each workflow is generated from typed options and executed by
 * the harness (test/harness), with build-push-action's default provenance
 * attestations.
 */
import { BuildStrategy, MultiArchImagePublisherOptions, Platform, Registry, TagRule } from '../src';
import { describeRun, Events, failedSteps, Faults, LegRecord, RunOptions, RunResult, runWorkflow } from './harness';
import { synthWorkflow } from './util';

const OWNER = 'Acme-Org';
const TAG = Events.tagPush('v1.2.3');
const ECR_HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const GHCR = Registry.ghcr();
const HUB = Registry.dockerHub({ namespace: 'acme' });
const ECR = Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/publish' });
const SEMVER = [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')];
const RELEASE_TAGS = ['1.2', '1.2.3', 'latest'];
const AMD64_ARM64 = [Platform.LINUX_AMD64, Platform.LINUX_ARM64];

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

/** Which hosts each leg of a job logged in to, as `leg → sorted hosts`. */
function loginsByLeg(result: RunResult, job: string): Record<string, string[]> {
  return Object.fromEntries(legsOf(result, job).map(leg => [leg.label, result.logins.filter(l => l.leg === leg.label).map(l => l.registry).sort()]));
}

describe('GHCR, Docker Hub and ECR at once, tag v1.2.3', () => {
  const REPOS = (image: string) => [`${ECR_HOST}/${image}`, `docker.io/acme/${image}`, `ghcr.io/acme-org/${image}`];
  const workflow = workflowOf({
    registries: [GHCR, HUB, ECR],
    tags: SEMVER,
    images: [
      { name: 'app', platforms: AMD64_ARM64 },
      { name: 'tool', strategy: BuildStrategy.EMULATED },
      // Per-image registries replace the publisher's.
      { name: 'private-app', platforms: [Platform.LINUX_AMD64], registries: [ECR] },
    ],
  });
  let result: RunResult;
  beforeAll(() => {
    result = run(workflow);
  });

  test('every job passes, and every verification holds', () => {
    expectJobs(result, { 'build-app': 'success', 'merge-app': 'success', 'build-tool': 'success', 'build-private-app': 'success', 'merge-private-app': 'success' });
    for (const job of ['merge-app', 'build-tool', 'merge-private-app']) {
      expect(step(legsOf(result, job)[0], 'Verify the published index holds every platform').status).toBe('success');
    }
  });

  test('every build leg pushes its platform digest to every registry', () => {
    const builds = result.builds.filter(b => b.job === 'build-app');
    expect(builds.map(b => b.platforms.join())).toEqual(['linux/amd64', 'linux/arm64']);
    for (const b of builds) {
      expect(b.pushByDigest).toBe(true);
      expect([...b.repositories].sort()).toEqual(REPOS('app'));
    }
    // The merge creates one index per registry from that registry's copy of every leg's digest
    // (imagetools create only finds a source in its own repository).
    const creates = result.imagetoolsCreates.filter(c => c.job === 'merge-app');
    expect(creates.map(c => c.exitCode)).toEqual([0, 0, 0]);
    for (const repo of REPOS('app')) {
      const create = creates.find(c => c.sources[0].startsWith(`${repo}@`))!;
      expect([...create.sources].sort()).toEqual(builds.map(b => `${repo}@${b.digest}`).sort());
      expect([...create.tags].sort()).toEqual(RELEASE_TAGS.map(t => `${repo}:${t}`));
    }
  });

  test('every registry ends with an index under 1.2.3, 1.2 and latest holding every platform of every leg', () => {
    const images = result.builds.filter(b => b.job === 'build-app').flatMap(b => b.manifests.map(m => m.digest)).sort();
    for (const repo of REPOS('app')) {
      for (const tag of RELEASE_TAGS) {
        const published = result.registry[`${repo}:${tag}`];
        expectRun(result, published !== undefined, `${repo}:${tag} is missing`);
        expect([...published.platforms].sort()).toEqual(['linux/amd64', 'linux/arm64']);
        expect(published.manifests.filter(m => !m.attestation).map(m => m.digest).sort()).toEqual(images);
      }
    }
    // The emulated image pushes its tags straight from its one build.
    for (const repo of REPOS('tool')) {
      for (const tag of RELEASE_TAGS) expect(result.registry[`${repo}:${tag}`].platforms.sort()).toEqual(['linux/amd64', 'linux/arm64']);
    }
    expect(publishedTags(result, 'private-app')).toEqual(Object.fromEntries(RELEASE_TAGS.map(t => [`${ECR_HOST}/private-app:${t}`, ['linux/amd64']])));
  });

  test("each job logs in to exactly its image's registries, once per leg; ECR through the OIDC role", () => {
    const all = ['docker.io', ECR_HOST, 'ghcr.io'].sort();
    for (const job of ['build-app', 'merge-app', 'build-tool']) {
      for (const hosts of Object.values(loginsByLeg(result, job))) expect(hosts).toEqual(all);
    }
    for (const job of ['build-private-app', 'merge-private-app']) {
      for (const hosts of Object.values(loginsByLeg(result, job))) expect(hosts).toEqual([ECR_HOST]);
    }
    expect(result.logins.filter(l => l.registry === 'docker.io').map(l => l.username)).toEqual(Array(4).fill('dummy-secret-DOCKERHUB_USERNAME'));
    expect(result.logins.filter(l => l.registry === ECR_HOST).every(l => l.action === 'aws-actions/amazon-ecr-login' && l.username === 'AWS')).toBe(true);
    // Every leg that logs in to ECR first assumed the role with GitHub's OIDC token.
    const ecrLegs = [...new Set(result.logins.filter(l => l.registry === ECR_HOST).map(l => l.leg))].sort();
    expect(result.oidcRequests.map(r => r.leg).sort()).toEqual(ecrLegs);
    for (const r of result.oidcRequests) {
      expect(r).toMatchObject({ granted: true, audience: 'sts.amazonaws.com', subject: 'repo:Acme-Org/qm-nmr-calc:ref:refs/tags/v1.2.3', roleToAssume: 'arn:aws:iam::123456789012:role/publish' });
    }
  });

  test('an image published only to ECR never logs in to GHCR and its token cannot write packages', () => {
    expect(result.logins.filter(l => l.job.endsWith('private-app') && l.registry !== ECR_HOST)).toEqual([]);
    for (const job of ['build-private-app', 'merge-private-app']) {
      expect(result.jobs[job].permissions).toMatchObject({ 'contents': 'read', 'packages': 'none', 'id-token': 'write' });
    }
    expect(result.jobs['merge-app'].permissions).toMatchObject({ 'contents': 'read', 'packages': 'write', 'id-token': 'write' });
  });
});

describe('job permissions are what GHCR and AWS enforce', () => {
  const workflow = workflowOf({ registries: [GHCR, ECR], tags: SEMVER, images: [{ name: 'app', platforms: [Platform.LINUX_AMD64] }] });
  const withPermission = (job: string, scope: string, level: string) => {
    const mutated = JSON.parse(JSON.stringify(workflow));
    mutated.jobs[job].permissions[scope] = level;
    return mutated;
  };

  test('with packages: read instead of write, the GHCR push of the merge is refused with 403', () => {
    const result = run(withPermission('merge-app', 'packages', 'read'));
    expectJobs(result, { 'build-app': 'success', 'merge-app': 'failure' });
    const failure = failedSteps(result)[0];
    expect(failure.step).toBe('Create the multi-platform index');
    expect(failure.output).toMatch(/failed to push ghcr\.io\/acme-org\/app:1\.2\.3: .*403 Forbidden/);
    expect(Object.keys(result.registry).filter(ref => ref.startsWith('ghcr.io'))).toEqual([]);
  });

  test('without id-token: write, assuming the AWS role fails and nothing is pushed', () => {
    const result = run(withPermission('build-app', 'id-token', 'none'));
    expectJobs(result, { 'build-app': 'failure', 'merge-app': 'skipped' });
    expect(failedSteps(result).map(f => [f.step, f.errors[0]])).toEqual([
      [`Assume the AWS role for ${ECR_HOST}`, 'Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers'],
    ]);
    expect(result.oidcRequests.map(r => r.granted)).toEqual([false]);
    expect(result.builds).toEqual([]);
  });
});

describe('a pull request (triggers: v* tags and pullRequest)', () => {
  const options: MultiArchImagePublisherOptions = {
    triggers: { tags: ['v*'], pullRequest: true },
    registries: [GHCR, HUB, ECR],
    tags: SEMVER,
    images: [
      { name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7] },
      { name: 'tool', strategy: BuildStrategy.EMULATED },
    ],
  };
  const workflow = workflowOf(options);
  let result: RunResult;
  beforeAll(() => {
    result = run(workflow, { event: Events.pullRequest(7) });
  });

  test('only the check jobs run; the publishing jobs are skipped and no merge runs', () => {
    expect(result.triggered).toBe(true);
    expectJobs(result, { 'build-app': 'skipped', 'merge-app': 'skipped', 'check-app': 'success', 'build-tool': 'skipped', 'check-tool': 'success' });
    expect(result.legs.map(l => l.job).filter(j => !j.startsWith('check-'))).toEqual([]);
    expect(result.jobs['check-app'].permissions).toMatchObject({ 'contents': 'read', 'packages': 'none', 'id-token': 'none' });
  });

  test('every platform builds, native legs on their own runners', () => {
    expect(legsOf(result, 'check-app').map(l => [l.matrix.platform, l.runner.labels, l.runnerArch, l.qemuPlatforms])).toEqual([
      ['linux/amd64', ['ubuntu-24.04'], 'X64', []],
      ['linux/arm64', ['ubuntu-24.04-arm'], 'ARM64', []],
      ['linux/arm/v7', ['ubuntu-24.04-arm'], 'ARM64', ['linux/arm/v7']],
    ]);
    expect(result.builds.map(b => [b.job, b.platforms.join(), b.runnerArch, b.emulated.join()])).toEqual([
      ['check-app', 'linux/amd64', 'X64', ''],
      ['check-app', 'linux/arm64', 'ARM64', ''],
      ['check-app', 'linux/arm/v7', 'ARM64', 'linux/arm/v7'],
      ['check-tool', 'linux/amd64,linux/arm64', 'X64', 'linux/arm64'],
    ]);
  });

  test('nothing logs in, nothing asks for an OIDC token, nothing is pushed or uploaded', () => {
    expect(result.logins).toEqual([]);
    expect(result.oidcRequests).toEqual([]);
    expect(result.builds.every(b => !b.pushByDigest && b.repositories.length === 0 && b.digest === '')).toBe(true);
    expect(result.uploads).toEqual([]);
    expect(result.imagetoolsCreates).toEqual([]);
    expect(result.registry).toEqual({});
  });

  test('a pull request from a fork (no secrets, read-only token) passes the same way', () => {
    const fork = run(workflow, { event: Events.pullRequest(8, 'main', { fork: true }) });
    expectJobs(fork, { 'check-app': 'success', 'check-tool': 'success', 'build-app': 'skipped', 'build-tool': 'skipped' });
    expect(fork.registry).toEqual({});
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

  test('amazon-ecr-login needs the session of configure-aws-credentials', () => {
    const result = runWorkflow(wf(`
  a:
    runs-on: ubuntu-24.04
    permissions: { id-token: write }
    steps:
      - uses: aws-actions/amazon-ecr-login@v2
        continue-on-error: true
      - run: docker buildx imagetools inspect --raw 123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1 2>&1 | grep -q "401 Unauthorized"
      - uses: aws-actions/configure-aws-credentials@v4
        with: { role-to-assume: 'arn:aws:iam::123456789012:role/r', aws-region: us-east-1 }
      - id: ecr
        uses: aws-actions/amazon-ecr-login@v2
      - run: test "$AWS_REGION" = us-east-1 && test -n "$AWS_SESSION_TOKEN" && test "\${{ steps.ecr.outputs.registry }}" = 123456789012.dkr.ecr.us-east-1.amazonaws.com
`), { event: Events.branchPush() });
    expectRun(result, result.conclusion === 'success', 'the run failed');
    expect(result.legs[0].steps[0]).toMatchObject({ outcome: 'failure', errors: ['Could not load credentials from any providers'] });
    expect(result.logins.map(l => [l.registry, l.username])).toEqual([['123456789012.dkr.ecr.us-east-1.amazonaws.com', 'AWS']]);
  });
});
