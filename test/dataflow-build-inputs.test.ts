/**
 * Build inputs end to end in the data-flow harness: what each leg's
 * build-push-action step really receives once GitHub has evaluated the
 * expressions in it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BuildStrategy, Cache, ImageOptions, MultiArchImagePublisherOptions, Platform, RefEvent, TagRule } from '../src';
import { describeRun, Events, RunOptions, RunResult, runWorkflow } from './harness';
import { synthWorkflow } from './util';

const SHA = '0123456789abcdef0123456789abcdef01234567';

function run(options: MultiArchImagePublisherOptions, runOptions: RunOptions): RunResult {
  const result = runWorkflow(synthWorkflow(options).text, { owner: 'Acme-Org', attestations: 'never', ...runOptions });
  if (result.conclusion !== 'success') throw new Error(`the run failed\n\n${describeRun(result)}`);
  return result;
}

/** Each build of `job`, keyed by its platforms, with the build arguments it got. */
function buildArgsOf(result: RunResult, job: string): Record<string, Record<string, string>> {
  return Object.fromEntries(result.builds.filter(b => b.job === job).map(b => [b.platforms.join(','), b.buildArgs]));
}

describe('build arguments holding expressions', () => {
  const VERSION = '${{ steps.meta.outputs.version }}';
  // A native image whose legs differ: one override adds an expression argument, another pins one statically.
  const native: ImageOptions = {
    name: 'server',
    platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7],
    buildArgs: { VERSION, REVISION: 'git-${{ github.sha }}', BASE: 'debian' },
    platformOverrides: [
      { platform: Platform.LINUX_ARM64, buildArgs: { TUNE: "arm-${{ steps.meta.outputs.version }}-'{x}'" } },
      { platform: Platform.LINUX_ARM_V7, buildArgs: { VERSION: 'pinned' } },
    ],
  };
  const emulated: ImageOptions = { name: 'cli', strategy: BuildStrategy.EMULATED, buildArgs: { VERSION, BASE: 'alpine' } };
  const publish: MultiArchImagePublisherOptions = {
    triggers: { tags: ['v*'], pullRequest: true },
    tags: [TagRule.semver('{{version}}'), TagRule.ref(RefEvent.PR)],
    dockerfileChecks: { failOnWarnings: false }, // only the image's own arguments
    images: [native, emulated],
  };

  test('every native leg and the emulated build get the value of the step output on a tag push', () => {
    const result = run(publish, { event: Events.tagPush('v1.2.3', SHA) });
    expect(buildArgsOf(result, 'build-server')).toEqual({
      'linux/amd64': { BASE: 'debian', VERSION: '1.2.3', REVISION: `git-${SHA}` },
      'linux/arm64': { BASE: 'debian', VERSION: '1.2.3', REVISION: `git-${SHA}`, TUNE: "arm-1.2.3-'{x}'" },
      'linux/arm/v7': { BASE: 'debian', VERSION: 'pinned', REVISION: `git-${SHA}` },
    });
    expect(buildArgsOf(result, 'build-cli')).toEqual({ 'linux/amd64,linux/arm64': { VERSION: '1.2.3', BASE: 'alpine' } });
  });

  test('pull-request check jobs get the pull request\'s version', () => {
    const result = run(publish, { event: Events.pullRequest(7, 'main', { sha: SHA }) });
    expect(buildArgsOf(result, 'check-server')).toEqual({
      'linux/amd64': { BASE: 'debian', VERSION: 'pr-7', REVISION: `git-${SHA}` },
      'linux/arm64': { BASE: 'debian', VERSION: 'pr-7', REVISION: `git-${SHA}`, TUNE: "arm-pr-7-'{x}'" },
      'linux/arm/v7': { BASE: 'debian', VERSION: 'pinned', REVISION: `git-${SHA}` },
    });
    expect(buildArgsOf(result, 'check-cli')).toEqual({ 'linux/amd64,linux/arm64': { VERSION: 'pr-7', BASE: 'alpine' } });
  });

  test('an expression that evaluates to an empty string still sets the argument on its legs only', () => {
    const result = run({
      tags: [TagRule.semver('{{version}}')],
      dockerfileChecks: { failOnWarnings: false }, // only the image's own arguments
      images: [{
        name: 'server',
        platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
        platformOverrides: [{ platform: Platform.LINUX_ARM64, buildArgs: { EMPTY: '${{ steps.meta.outputs.no-such-output }}' } }],
      }],
    }, { event: Events.tagPush('v1.2.3') });
    expect(buildArgsOf(result, 'build-server')).toEqual({ 'linux/amd64': {}, 'linux/arm64': { EMPTY: '' } });
  });
});

describe('build secrets', () => {
  const secretsOptions: MultiArchImagePublisherOptions = {
    triggers: { tags: ['v*'], pullRequest: true },
    tags: [TagRule.semver('{{version}}'), TagRule.ref(RefEvent.PR)],
    dockerfileChecks: { failOnWarnings: false }, // only the image's own arguments
    images: [
      {
        name: 'server',
        platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
        buildSecrets: { npm: 'NPM_TOKEN', pip: 'PIP_INDEX_TOKEN' },
        platformOverrides: [{ platform: Platform.LINUX_ARM64, buildArgs: { VERSION: '${{ steps.meta.outputs.version }}' } }],
      },
      { name: 'cli', strategy: BuildStrategy.EMULATED, buildSecrets: { npm: 'NPM_TOKEN' } },
    ],
  };
  const secrets = { NPM_TOKEN: 'npm-s3cr3t', PIP_INDEX_TOKEN: 'pip-s3cr3t' };
  const workflow = synthWorkflow(secretsOptions);

  function secretsOf(result: RunResult, job: string): Array<Record<string, string>> {
    return result.builds.filter(b => b.job === job).map(b => b.secrets);
  }

  test('every leg of every job kind gets each secret through build-push-action\'s secrets input', () => {
    const published = run(secretsOptions, { event: Events.tagPush('v1.2.3'), secrets });
    expect(secretsOf(published, 'build-server')).toEqual([
      { npm: 'npm-s3cr3t', pip: 'pip-s3cr3t' },
      { npm: 'npm-s3cr3t', pip: 'pip-s3cr3t' },
    ]);
    expect(secretsOf(published, 'build-cli')).toEqual([{ npm: 'npm-s3cr3t' }]);
    const checked = run(secretsOptions, { event: Events.pullRequest(7, 'main'), secrets });
    expect(secretsOf(checked, 'check-server')).toEqual([
      { npm: 'npm-s3cr3t', pip: 'pip-s3cr3t' },
      { npm: 'npm-s3cr3t', pip: 'pip-s3cr3t' },
    ]);
    expect(secretsOf(checked, 'check-cli')).toEqual([{ npm: 'npm-s3cr3t' }]);
    // Never as a build argument.
    for (const build of [...published.builds, ...checked.builds]) {
      expect(JSON.stringify(build.buildArgs)).not.toContain('s3cr3t');
    }
  });

  test('a pull request from a fork gets empty secrets, as GitHub gives forks none', () => {
    const fork = run(secretsOptions, { event: Events.pullRequest(7, 'main', { fork: true }), secrets });
    expect(secretsOf(fork, 'check-server')).toEqual([{ npm: '', pip: '' }, { npm: '', pip: '' }]);
  });

  test('no run: script, env: or build argument reads a secret', () => {
    for (const job of Object.values<any>(workflow.workflow.jobs)) {
      for (const step of job.steps) {
        expect(JSON.stringify({ run: step.run, env: step.env, args: step.with?.['build-args'] })).not.toMatch(/secrets\./);
      }
    }
  });
});

describe('pre-build steps', () => {
  const versionStep = {
    name: 'Compute the build version',
    id: 'version',
    env: { VERSION: '${{ steps.meta.outputs.version }}' },
    run: 'echo "value=$VERSION+build.7" >> "$GITHUB_OUTPUT"',
  };
  const options: MultiArchImagePublisherOptions = {
    triggers: { tags: ['v*'], pullRequest: true },
    tags: [TagRule.semver('{{version}}'), TagRule.ref(RefEvent.PR)],
    dockerfileChecks: { failOnWarnings: false }, // only the image's own arguments
    images: [
      {
        name: 'server',
        platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
        preBuildSteps: [versionStep],
        buildArgs: { VERSION: '${{ steps.version.outputs.value }}' },
        checkout: { fetchDepth: 0 },
      },
      { name: 'cli', strategy: BuildStrategy.EMULATED, preBuildSteps: [versionStep], buildArgs: { VERSION: '${{ steps.version.outputs.value }}' } },
    ],
  };

  test.each([
    ['a tag push', Events.tagPush('v1.2.3'), ['build-server', 'build-cli'], '1.2.3+build.7'],
    ['a pull request', Events.pullRequest(7, 'main'), ['check-server', 'check-cli'], 'pr-7+build.7'],
  ])('on %s every leg runs them before its build, which gets their output', (_event, event, jobs, version) => {
    const result = run(options, { event });
    for (const job of jobs) {
      const builds = result.builds.filter(b => b.job === job);
      expect(builds.length).toBeGreaterThan(0);
      for (const build of builds) expect(build.buildArgs).toEqual({ VERSION: version });
      for (const leg of result.legs.filter(l => l.job === job)) {
        const names = leg.steps.map(s => s.name);
        expect(names.indexOf('Compute the build version')).toBeGreaterThan(names.indexOf('Compute tags, labels and annotations'));
        expect(names.indexOf('Compute the build version')).toBeLessThan(names.findIndex(n => n.startsWith('Build')));
      }
    }
  });
});

describe('cache locations', () => {
  const options: MultiArchImagePublisherOptions = {
    workflowName: 'images',
    tags: [TagRule.semver('{{version}}')],
    cache: Cache.registry(),
    dockerfileChecks: { failOnWarnings: false }, // only the image's own arguments
    images: [
      { name: 'server', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7] },
      { name: 'server-worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
      { name: 'cli', strategy: BuildStrategy.EMULATED },
      { name: 'docs', cache: Cache.gha() },
    ],
  };

  test('each leg reads and writes its own lowercase registry cache image (owner Acme-Org)', () => {
    const result = run(options, { event: Events.tagPush('v1.2.3') });
    const registryBuilds = result.builds.filter(b => b.job !== 'build-docs');
    expect(registryBuilds).toHaveLength(6);
    const refs = registryBuilds.map(b => {
      const ref = /^type=registry,ref=([^,]+)$/.exec(b.cacheFrom.join('\n'))![1];
      expect(b.cacheTo).toEqual([`type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true`]);
      return ref;
    });
    expect(refs).toEqual([
      'ghcr.io/acme-org/server:buildcache-linux-amd64',
      'ghcr.io/acme-org/server:buildcache-linux-arm64',
      'ghcr.io/acme-org/server:buildcache-linux-arm-v7',
      'ghcr.io/acme-org/server-worker:buildcache-linux-amd64',
      'ghcr.io/acme-org/server-worker:buildcache-linux-arm64',
      'ghcr.io/acme-org/cli:buildcache-emulated',
    ]);
    expect(new Set(refs).size).toBe(refs.length);
    expect(result.builds.filter(b => b.job === 'build-docs').map(b => b.cacheFrom)).toEqual([
      ['type=gha,scope=images~docs~linux-amd64'],
      ['type=gha,scope=images~docs~linux-arm64'],
    ]);
  });
});

describe('variants of one image', () => {
  const options: MultiArchImagePublisherOptions = {
    tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')],
    dockerfileChecks: { failOnWarnings: false }, // only the image's own arguments
    images: [
      { name: 'server', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
      {
        name: 'server-alpine',
        repository: 'server',
        dockerfile: 'Dockerfile.alpine',
        platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
        flavor: { suffix: '-alpine', onLatest: true },
      },
    ],
  };

  test('server and server-alpine publish disjoint tags to one repository; only the main variant moves latest', () => {
    const result = run(options, { event: Events.tagPush('v1.2.3') });
    const tagsOf = (job: string) => result.imagetoolsCreates.filter(c => c.job === job).flatMap(c => c.tags).sort();
    expect(tagsOf('merge-server')).toEqual(['ghcr.io/acme-org/server:1.2', 'ghcr.io/acme-org/server:1.2.3', 'ghcr.io/acme-org/server:latest']);
    expect(tagsOf('merge-server-alpine')).toEqual([
      'ghcr.io/acme-org/server:1.2-alpine', 'ghcr.io/acme-org/server:1.2.3-alpine', 'ghcr.io/acme-org/server:latest-alpine',
    ]);
    // Each tag names the index built from its own variant's Dockerfile.
    const builtBy = (job: string) => new Set(result.builds.filter(b => b.job === job).flatMap(b => b.manifests.map(m => m.digest)));
    for (const [job, tag] of [['build-server', 'latest'], ['build-server-alpine', 'latest-alpine']]) {
      const published = result.registry[`ghcr.io/acme-org/server:${tag}`].manifests.map(m => m.digest);
      expect(published.every(d => builtBy(job).has(d))).toBe(true);
    }
    expect(result.builds.filter(b => b.job === 'build-server-alpine').map(b => b.file)).toEqual(['Dockerfile.alpine', 'Dockerfile.alpine']);
  });
});

describe('freeDiskSpace', () => {
  test('each leg removes the listed toolchains (here: stand-ins in a temporary directory) and reports what it freed', () => {
    const { workflow } = synthWorkflow({
      tags: [TagRule.semver('{{version}}')],
      dockerfileChecks: { failOnWarnings: false }, // only the image's own arguments
      images: [{ name: 'worker', freeDiskSpace: true }],
    });
    // Never let the harness delete this machine's directories: point the step at stand-ins.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'free-disk-'));
    const step = workflow.jobs['build-worker'].steps.find((s: any) => s.name === 'Free disk space');
    const standIns = (step.env.REMOVE_PATHS as string).split(' ').map(p => path.join(root, p));
    step.env.REMOVE_PATHS = standIns.join(' ');
    for (const dir of [path.join(root, '/usr/local/lib/android/sdk'), path.join(root, '/usr/local/julia1.11/bin')]) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'big'), Buffer.alloc(1024 * 1024));
    }
    const result = runWorkflow(workflow, { owner: 'Acme-Org', attestations: 'never', event: Events.tagPush('v1.2.3') });
    expect(result.conclusion).toBe('success');
    const legs = result.legs.filter(l => l.job === 'build-worker');
    expect(legs).toHaveLength(2);
    for (const leg of legs) {
      const free = leg.steps.find(s => s.name === 'Free disk space')!;
      expect(free.status).toBe('success');
      expect(free.stdout).toMatch(/^Freed -?\d+ MiB in \d+ s; \d+ GiB available on \/$/m);
    }
    expect(fs.existsSync(path.join(root, '/usr/local/lib/android'))).toBe(false);
    expect(fs.existsSync(path.join(root, '/usr/local/julia1.11'))).toBe(false);
    expect(fs.readdirSync(path.join(root, 'usr/local'))).toEqual(['lib']);
  });
});
