/**
 * Runs the generated workflow end to end with the data-flow harness
 * (test/harness): every `run:` script for real under bash, the actions as
 * stand-ins, `docker` as a recording stub over a fake registry. Proves what
 * flows from build legs to merge jobs to the registry, and that the
 * verification fails when the registry does not hold what was built.
 */
import { Platform, TagRule } from '../src';
import { describeRun, Events, failedSteps, Faults, RunOptions, RunResult, runWorkflow } from './harness';
import { seedOptions } from './support/seed-options';
import { synthWorkflow } from './util';

const OWNER = 'Acme-Org';
const TAG = Events.tagPush('v1.2.3');

/** The seed research doc's pipeline from typed options (as DESIGN.md has it: v* tags + workflow_dispatch). */
const SEED_OPTIONS = seedOptions({ workflowDispatch: true });

/**
 * Runs with provenance attestations off: with build-push-action's default
 * attestations the generated verification rejects every clean native
 * publish (see the `failing` test below), which would mask everything these
 * tests look at.
 */
function run(workflow: string | object, options: RunOptions = {}): RunResult {
  return runWorkflow(workflow, { event: TAG, owner: OWNER, attestations: 'never', ...options });
}

/** Fails with the run's transcript, so a broken expectation shows what happened. */
function expectStatus(result: RunResult, job: string, status: string): void {
  const actual = result.jobs[job]?.status;
  if (actual !== status) {
    throw new Error(`expected job ${job} to be ${status} but it was ${actual}\n\n${describeRun(result)}`);
  }
}

function digestsBuiltBy(result: RunResult, job: string): Record<string, string> {
  return Object.fromEntries(result.builds.filter(b => b.job === job).map(b => [b.platforms.join(','), b.digest]));
}

const seedWorkflow = synthWorkflow(SEED_OPTIONS).text;

describe('the seed configuration on tag v1.2.3 (owner Acme-Org)', () => {
  let clean: RunResult;
  beforeAll(() => {
    clean = run(seedWorkflow);
  });

  test('every job passes', () => {
    expectStatus(clean, 'build-qm-nmr-calc-api', 'success');
    expectStatus(clean, 'build-qm-nmr-calc-worker', 'success');
    expectStatus(clean, 'merge-qm-nmr-calc-worker', 'success');
    expect(clean.conclusion).toBe('success');
  });

  test('each worker leg builds its own Dockerfile on a native runner', () => {
    const builds = clean.builds.filter(b => b.job === 'build-qm-nmr-calc-worker');
    expect(builds.map(b => [b.platforms.join(','), b.file, b.runnerArch, b.emulated.length])).toEqual([
      ['linux/amd64', 'Dockerfile.worker', 'X64', 0],
      ['linux/arm64', 'Dockerfile.worker.arm64', 'ARM64', 0],
    ]);
    expect(builds.every(b => b.pushByDigest && b.tags.length === 0)).toBe(true);
    expect(builds.map(b => b.repositories)).toEqual([['ghcr.io/acme-org/qm-nmr-calc-worker'], ['ghcr.io/acme-org/qm-nmr-calc-worker']]);
  });

  test("the worker's merge receives exactly its own two digests, one per platform", () => {
    const built = digestsBuiltBy(clean, 'build-qm-nmr-calc-worker');
    expect(Object.keys(built)).toEqual(['linux/amd64', 'linux/arm64']);
    const downloads = clean.downloads.filter(d => d.job === 'merge-qm-nmr-calc-worker');
    expect(downloads).toHaveLength(1);
    expect(downloads[0].artifacts).toEqual(['digests~qm-nmr-calc-worker~linux-amd64', 'digests~qm-nmr-calc-worker~linux-arm64']);
    expect(downloads[0].mergeMultiple).toBe(true);
    expect(downloads[0].files).toEqual(Object.values(built).map(d => d.replace('sha256:', '')).sort());
  });

  test('imagetools create gets all three tags and both digests, with lowercase references', () => {
    const built = digestsBuiltBy(clean, 'build-qm-nmr-calc-worker');
    const creates = clean.imagetoolsCreates.filter(c => c.job === 'merge-qm-nmr-calc-worker');
    expect(creates).toHaveLength(1);
    const repo = 'ghcr.io/acme-org/qm-nmr-calc-worker';
    expect([...creates[0].tags].sort()).toEqual([`${repo}:1.2`, `${repo}:1.2.3`, `${repo}:latest`]);
    expect([...creates[0].sources].sort()).toEqual(Object.values(built).map(d => `${repo}@${d}`).sort());
    expect(creates[0].exitCode).toBe(0);
  });

  test('the registry holds lowercase ghcr.io/acme-org references only, each index with both platforms', () => {
    const refs = Object.keys(clean.registry).sort();
    expect(refs).toEqual([
      'ghcr.io/acme-org/qm-nmr-calc-api:1.2',
      'ghcr.io/acme-org/qm-nmr-calc-api:1.2.3',
      'ghcr.io/acme-org/qm-nmr-calc-api:latest',
      'ghcr.io/acme-org/qm-nmr-calc-worker:1.2',
      'ghcr.io/acme-org/qm-nmr-calc-worker:1.2.3',
      'ghcr.io/acme-org/qm-nmr-calc-worker:latest',
    ]);
    for (const ref of refs) expect([...clean.registry[ref].platforms].sort()).toEqual(['linux/amd64', 'linux/arm64']);
    // The worker's index is made of exactly the digests its legs built.
    const built = Object.values(digestsBuiltBy(clean, 'build-qm-nmr-calc-worker')).sort();
    expect(clean.registry['ghcr.io/acme-org/qm-nmr-calc-worker:1.2.3'].manifests.map(m => m.digest).sort()).toEqual(built);
    // Every image reference anywhere in the run is lowercase, although the owner is Acme-Org.
    const references = [
      ...clean.imagetoolsCreates.flatMap(c => [...c.tags, ...c.sources]),
      ...clean.dockerCalls.filter(c => c.argv[2] === 'inspect').map(c => c.argv[c.argv.length - 1]),
      ...clean.builds.flatMap(b => [...b.repositories, ...b.tags]),
      ...refs,
    ];
    expect(references.length).toBeGreaterThan(15);
    for (const ref of references) expect(ref).toMatch(/^ghcr\.io\/acme-org\/qm-nmr-calc-(api|worker)([:@]|$)/);
    expect(clean.logins.map(l => [l.registry, l.username])).toContainEqual(['ghcr.io', 'octocat']);
  });

  test('the API is built once under QEMU, pushed by digest, then tagged with the three tags', () => {
    const api = clean.builds.filter(b => b.job === 'build-qm-nmr-calc-api');
    expect(api).toHaveLength(1);
    expect(api[0].platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(api[0].emulated).toEqual(['linux/arm64']);
    expect(api[0].file).toBe('Dockerfile.api');
    expect(api[0].pushByDigest).toBe(true);
    expect(api[0].tags).toEqual([]);
    const creates = clean.imagetoolsCreates.filter(c => c.job === 'build-qm-nmr-calc-api');
    expect(creates).toHaveLength(1);
    expect(creates[0].sources).toEqual([`ghcr.io/acme-org/qm-nmr-calc-api@${api[0].digest}`]);
    expect(creates[0].tags).toEqual(['1.2.3', '1.2', 'latest'].map(t => `ghcr.io/acme-org/qm-nmr-calc-api:${t}`));
  });

  test('metadata-action lists latest twice (raw rule + latest=auto); every script uses each tag once', () => {
    const meta = clean.legs.find(l => l.job === 'merge-qm-nmr-calc-worker')!.steps.find(s => s.name === 'Compute tags, labels and annotations')!;
    expect(JSON.parse(meta.outputs.json).tags.filter((t: string) => t.endsWith(':latest'))).toHaveLength(2);
    for (const job of ['merge-qm-nmr-calc-worker', 'build-qm-nmr-calc-api']) {
      const create = clean.imagetoolsCreates.find(c => c.job === job)!;
      expect(create.tags.filter(t => t.endsWith(':latest'))).toHaveLength(1);
      const summary = clean.summaries.find(s => s.job === job)!.text;
      expect(summary.match(/:latest`/g)).toHaveLength(1);
    }
  });

  test('the summaries name every tag and every published digest', () => {
    const worker = clean.summaries.find(s => s.job === 'merge-qm-nmr-calc-worker')!.text;
    for (const tag of ['1.2.3', '1.2', 'latest']) expect(worker).toContain(`ghcr.io/acme-org/qm-nmr-calc-worker:${tag}`);
    for (const digest of Object.values(digestsBuiltBy(clean, 'build-qm-nmr-calc-worker'))) expect(worker).toContain(digest);
    expect(worker).toMatch(/linux\/amd64 \| `sha256:/);
    expect(worker).toMatch(/linux\/arm64 \| `sha256:/);
    const api = clean.summaries.find(s => s.job === 'build-qm-nmr-calc-api')!.text;
    for (const tag of ['1.2.3', '1.2', 'latest']) expect(api).toContain(`ghcr.io/acme-org/qm-nmr-calc-api:${tag}`);
    for (const m of clean.registry['ghcr.io/acme-org/qm-nmr-calc-api:1.2.3'].manifests) expect(api).toContain(m.digest);
  });

  test('a verification that finds every platform passes (native and emulated)', () => {
    for (const job of ['merge-qm-nmr-calc-worker', 'build-qm-nmr-calc-api']) {
      const step = clean.legs.find(l => l.job === job)!.steps.find(s => s.name === 'Verify the published index holds every platform')!;
      expect(step.status).toBe('success');
      expect(step.stdout).toContain('Verified 3 tag(s): each holds linux/amd64 linux/arm64');
    }
  });

  describe("with build-push-action's default provenance attestations", () => {
    let realistic: RunResult;
    beforeAll(() => {
      realistic = runWorkflow(seedWorkflow, { event: TAG, owner: OWNER });
    });

    test('each native build reports the digest of an index holding its image and an attestation', () => {
      const builds = realistic.builds.filter(b => b.job === 'build-qm-nmr-calc-worker');
      expect(builds.map(b => b.attestations)).toEqual([true, true]);
      for (const b of builds) expect(b.digest).not.toBe(b.manifests[0].digest);
      expectStatus(realistic, 'build-qm-nmr-calc-worker', 'success');
      // imagetools create flattens those indexes: the published index lists the images, not the built digests.
      const published = realistic.registry['ghcr.io/acme-org/qm-nmr-calc-worker:1.2.3'];
      expect([...published.platforms].sort()).toEqual(['linux/amd64', 'linux/arm64']);
      expect(published.manifests.filter(m => m.attestation)).toHaveLength(2);
    });

    // The built digests are per-platform indexes (image + attestation) that imagetools create
    // flattens; verification checks the images inside them.
    test('the native merge passes its verification', () => {
      expectStatus(realistic, 'merge-qm-nmr-calc-worker', 'success');
    });
  });
});

describe('images whose names prefix each other (api, api-v2, a, a--b)', () => {
  const IMAGES: Array<[string, Platform[]]> = [
    ['api', [Platform.LINUX_AMD64]],
    ['api-v2', [Platform.LINUX_AMD64, Platform.LINUX_ARM64]],
    ['api-v2-worker', [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7, Platform.LINUX_386]],
    // `a--b` is a valid name that holds what was once the artifact delimiter.
    ['a', [Platform.LINUX_AMD64, Platform.LINUX_ARM64]],
    ['a--b', [Platform.LINUX_AMD64, Platform.LINUX_ARM64]],
  ];
  const workflow = synthWorkflow({
    tags: [TagRule.semver('{{version}}')],
    images: IMAGES.map(([name, platforms]) => ({ name, platforms })),
  });
  let result: RunResult;
  beforeAll(() => {
    result = run(workflow.text);
  });

  test.each(IMAGES)('%s: the merge receives exactly its own digests and publishes exactly its platforms', (name, platforms) => {
    expectStatus(result, `merge-${name}`, 'success');
    const values = platforms.map(p => p.value);
    const built = digestsBuiltBy(result, `build-${name}`);
    expect(Object.keys(built).sort()).toEqual([...values].sort());

    const downloads = result.downloads.filter(d => d.job === `merge-${name}`);
    expect(downloads).toHaveLength(1);
    expect(downloads[0].artifacts).toEqual(platforms.map(p => `digests~${name}~${p.pair}`).sort());
    expect(downloads[0].files).toEqual(Object.values(built).map(d => d.replace('sha256:', '')).sort());

    const creates = result.imagetoolsCreates.filter(c => c.job === `merge-${name}`);
    expect(creates).toHaveLength(1);
    // metadata-action's default flavor (latest=auto) adds `latest` to a semver tag.
    expect(creates[0].tags).toEqual([`ghcr.io/acme-org/${name}:1.2.3`, `ghcr.io/acme-org/${name}:latest`]);
    expect([...creates[0].sources].sort()).toEqual(Object.values(built).map(d => `ghcr.io/acme-org/${name}@${d}`).sort());

    expect([...result.registry[`ghcr.io/acme-org/${name}:1.2.3`].platforms].sort()).toEqual([...values].sort());
  });

  test('linux/arm/v7 is built under QEMU on an arm64 runner, linux/386 natively on x64', () => {
    const worker = result.builds.filter(b => b.job === 'build-api-v2-worker');
    const byPlatform = Object.fromEntries(worker.map(b => [b.platforms[0], [b.runnerArch, b.emulated]]));
    expect(byPlatform['linux/arm/v7']).toEqual(['ARM64', ['linux/arm/v7']]);
    expect(byPlatform['linux/386']).toEqual(['X64', []]);
  });

  test('the harness would notice a download pattern that also matches another image', () => {
    // A mutation of the generated workflow: the old `digests-<image>*` style of pattern.
    const mutated = JSON.parse(JSON.stringify(workflow.workflow));
    mutated.jobs['merge-api'].steps[0].with.pattern = 'digests~api*';
    const broken = run(mutated);
    const downloaded = broken.downloads.find(d => d.job === 'merge-api')!;
    expect(downloaded.artifacts.some(a => a.startsWith('digests~api-v2'))).toBe(true);
    expectStatus(broken, 'merge-api', 'failure');
    const failure = failedSteps(broken).find(f => f.job === 'merge-api')!;
    expect(failure.step).toBe('Create the multi-platform index');
    expect(failure.errors.join('\n')).toMatch(/Expected 1 build digest\(s\) for linux\/amd64, found 7/);
  });
});

describe('verification against what the registry reports', () => {
  let result: RunResult;
  beforeAll(() => {
    result = run(seedWorkflow, { faults: [Faults.inspectDropsPlatform('linux/arm64')] });
  });

  test.each([
    ['native', 'merge-qm-nmr-calc-worker', 'qm-nmr-calc-worker'],
    ['emulated', 'build-qm-nmr-calc-api', 'qm-nmr-calc-api'],
  ])('%s: an index missing linux/arm64 fails the job at the verification step, naming the platform', (_kind, job, image) => {
    expectStatus(result, job, 'failure');
    const failures = failedSteps(result).filter(f => f.job === job);
    expect(failures.map(f => f.step)).toEqual(['Verify the published index holds every platform']);
    const errors = failures[0].errors.join('\n');
    expect(errors).toContain(`ghcr.io/acme-org/${image}:1.2.3 does not hold linux/arm64 (it holds: linux/amd64)`);
    // Nothing reports success for a broken publish.
    const summary = result.legs.find(l => l.job === job)!.steps.find(s => s.name === 'Write the job summary')!;
    expect(summary.status).toBe('skipped');
  });
});

describe('a leg that pushes the wrong platform', () => {
  let result: RunResult;
  beforeAll(() => {
    result = run(seedWorkflow, { faults: [Faults.buildProducesPlatform('linux/arm64', 'linux/amd64')] });
  });

  test('the native merge refuses the planned index before any tag moves', () => {
    expectStatus(result, 'merge-qm-nmr-calc-worker', 'failure');
    const failure = failedSteps(result).find(f => f.job === 'merge-qm-nmr-calc-worker')!;
    expect(failure.step).toBe('Create the multi-platform index');
    expect(failure.errors.join('\n')).toContain('The index planned for ghcr.io/acme-org/qm-nmr-calc-worker does not hold linux/arm64');
    expect(result.imagetoolsCreates.filter(c => c.job === 'merge-qm-nmr-calc-worker')).toEqual([]);
    expect(Object.keys(result.registry).filter(ref => ref.includes('qm-nmr-calc-worker:'))).toEqual([]);
  });

  test('the emulated build, pushed by digest, is refused the same way: no api tag moves', () => {
    expectStatus(result, 'build-qm-nmr-calc-api', 'failure');
    const failure = failedSteps(result).find(f => f.job === 'build-qm-nmr-calc-api')!;
    expect(failure.step).toBe('Create the multi-platform index');
    expect(failure.errors.join('\n')).toContain('The index planned for ghcr.io/acme-org/qm-nmr-calc-api does not hold linux/arm64');
    expect(result.imagetoolsCreates.filter(c => c.job === 'build-qm-nmr-calc-api' && c.tags.length > 0)).toEqual([]);
    expect(Object.keys(result.registry).filter(ref => ref.includes('qm-nmr-calc-api:'))).toEqual([]);
  });
});

describe('a build leg that returns no digest', () => {
  let result: RunResult;
  beforeAll(() => {
    result = run(seedWorkflow, { faults: [Faults.buildReturnsNoDigest({ platform: 'linux/arm64', job: 'build-qm-nmr-calc-worker' })] });
  });

  test('fails at "Export the digest", and only that leg', () => {
    expectStatus(result, 'build-qm-nmr-calc-worker', 'failure');
    const failures = failedSteps(result);
    expect(failures.map(f => [f.leg, f.step])).toEqual([
      [expect.stringContaining('linux/arm64'), 'Export the digest'],
    ]);
    expect(failures[0].errors).toEqual(["The build of linux/arm64 returned no image digest (got '')"]);
    const arm = result.legs.find(l => l.job === 'build-qm-nmr-calc-worker' && l.matrix.platform === 'linux/arm64')!;
    expect(arm.steps.find(s => s.name === 'Upload the digest')!.status).toBe('skipped');
    const amd = result.legs.find(l => l.job === 'build-qm-nmr-calc-worker' && l.matrix.platform === 'linux/amd64')!;
    expect(amd.status).toBe('success');
  });

  test('the merge job does not run, so nothing of the worker is published', () => {
    expectStatus(result, 'merge-qm-nmr-calc-worker', 'skipped');
    expect(result.jobs['merge-qm-nmr-calc-worker'].legs).toHaveLength(0);
    expect(result.imagetoolsCreates.filter(c => c.job.includes('worker'))).toHaveLength(0);
    expect(Object.keys(result.registry).filter(r => r.includes('worker'))).toEqual([]);
    // The emulated API image does not depend on the worker.
    expectStatus(result, 'build-qm-nmr-calc-api', 'success');
  });
});
