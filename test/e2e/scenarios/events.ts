import { BuildStrategy, MultiArchImagePublisherOptions, Platform, Runner, TagRule } from '../../../src';
import { seedOptions } from '../../support/seed-options';
import { Events } from '../act';
import { E2eEnvironment } from '../environment';
import { PublishedImage, SCRATCH_DOCKERFILE, SCRATCH_FILES, Scenario, ScenarioOutcome } from '../scenario';
import { BOTH, SEED_FILES } from './seed';

const SEMVER = [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')];
const RELEASE_TAGS = ['1.2', '1.2.3', 'latest'];
const SCRATCH = { ...SCRATCH_FILES, Dockerfile: SCRATCH_DOCKERFILE };

/** `image` of `owner` in GHCR, with these tags, each holding these platforms. */
function ghcr(owner: string, images: string[], tags: string[], platforms: string[]): (env: E2eEnvironment) => PublishedImage[] {
  return env => images.map(image => ({ repository: `${env.registry.host}/${owner.toLowerCase()}/${image}`, tags, platforms }));
}

// --- triggers.release ---------------------------------------------------------------------

const RELEASE_OPTIONS: MultiArchImagePublisherOptions = {
  triggers: { release: true },
  tags: SEMVER,
  images: [{ name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] }, { name: 'tool', strategy: BuildStrategy.EMULATED }],
};

/**
 * act plans a run by event name only, and stops with this error when no
 * workflow of the repository listens to the event: nothing ran.
 */
function nothingRan({ result }: ScenarioOutcome): string[] {
  const problems: string[] = [];
  if (!/Could not find any stages to run/.test(result.log)) problems.push('act did not report that no workflow listens to the event');
  if (Object.keys(result.jobs).length > 0) problems.push(`jobs ran: ${JSON.stringify(result.jobs)}`);
  return problems;
}

// --- every platform on the runner the configuration asks for ---------------------------------

/** What act logged of one matrix leg of a job (its JSON log lines carry the leg's matrix). */
interface Leg { readonly runner: string; readonly emulated: boolean; readonly qemu: string[]; readonly result?: string }

function legsOf(log: string, jobId: string): Record<string, Leg> {
  const legs: Record<string, { runner: string; emulated: boolean; qemu: string[]; result?: string }> = {};
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: any;
    try { entry = JSON.parse(line); } catch { continue; }
    const platform = entry.matrix?.platform;
    if (entry.jobID !== jobId || typeof platform !== 'string') continue;
    const leg = legs[platform] ??= { runner: entry.matrix.runner, emulated: entry.matrix.emulated, qemu: [] };
    // The thin setup-qemu-action logs the platforms the step asked for.
    const qemu = /QEMU requested for (.*); not registered/.exec(String(entry.msg ?? ''));
    if (qemu) leg.qemu.push(...qemu[1].split(', '));
    if (entry.jobResult) leg.result = entry.jobResult;
  }
  return legs;
}

/** Each leg ran to success on the runner given, with QEMU set up for its own platform exactly when emulated. */
function checkLegs(result: ScenarioOutcome['result'], jobId: string, expected: Record<string, { runner: string; emulated: boolean }>): string[] {
  const problems: string[] = [];
  const legs = legsOf(result.log, jobId);
  if (Object.keys(legs).sort().join(' ') !== Object.keys(expected).sort().join(' ')) {
    problems.push(`${jobId} ran legs [${Object.keys(legs).join(', ')}], expected [${Object.keys(expected).join(', ')}]`);
  }
  if (/Skipping unsupported platform/.test(result.log)) problems.push('act skipped a job whose runner label it did not map');
  for (const [platform, want] of Object.entries(expected)) {
    const leg = legs[platform];
    if (!leg) continue;
    if (leg.result !== 'success') problems.push(`${jobId} (${platform}) ended ${leg.result}`);
    if (leg.runner !== want.runner) problems.push(`${jobId} (${platform}) ran on ${leg.runner}, expected ${want.runner}`);
    const qemu = want.emulated ? [platform] : [];
    if (leg.emulated !== want.emulated || leg.qemu.join() !== qemu.join()) {
      problems.push(`${jobId} (${platform}): emulated ${leg.emulated}, QEMU set up for [${leg.qemu.join(', ')}]; expected [${qemu.join(', ')}]`);
    }
  }
  return problems;
}

/** Each platform image of a tag really is that platform (its config's os/architecture/variant). */
function checkConfigs({ env, reader }: ScenarioOutcome, repository: (env: E2eEnvironment) => string, platforms: string[]): string[] {
  return platforms.flatMap(platform => {
    const config = reader.config(`${repository(env)}:1.2.3`, platform);
    const actual = [config.os, config.architecture, config.variant].filter(Boolean).join('/');
    return actual === platform ? [] : [`the ${platform} image of ${repository(env)}:1.2.3 is ${actual}`];
  });
}

const ALL = [
  Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6,
  Platform.LINUX_386, Platform.LINUX_PPC64LE, Platform.LINUX_S390X, Platform.LINUX_RISCV64,
];
const ALL_VALUES = ALL.map(p => p.value);
/** FROM scratch + COPY builds for any platform without emulation; one file per TARGETARCH + TARGETVARIANT. */
const ALL_PLATFORM_FILES: Record<string, string> = {
  Dockerfile: 'FROM scratch\nARG TARGETARCH\nARG TARGETVARIANT\nCOPY hello-${TARGETARCH}${TARGETVARIANT}.txt /hello.txt\n',
  ...Object.fromEntries(['amd64', 'arm64', 'armv7', 'armv6', '386', 'ppc64le', 's390x', 'riscv64'].map(arch => [`hello-${arch}.txt`, `hello from ${arch}\n`])),
};
/** The runner each leg must run on (the matrix's JSON label list or group) and whether it needs QEMU. */
const ALL_LEGS: Record<string, { runner: string; emulated: boolean }> = {
  'linux/amd64': { runner: '["ubuntu-24.04"]', emulated: false },
  'linux/arm64': { runner: '["self-hosted","linux","arm64"]', emulated: false },
  'linux/arm/v7': { runner: '["ubuntu-24.04-arm"]', emulated: true },
  'linux/arm/v6': { runner: '["ubuntu-24.04-arm"]', emulated: true },
  'linux/386': { runner: '{"group":"x86-builders","labels":["linux"]}', emulated: false },
  'linux/ppc64le': { runner: '["ubuntu-24.04"]', emulated: true },
  'linux/s390x': { runner: '["ubuntu-24.04"]', emulated: true },
  'linux/riscv64': { runner: '["ubuntu-24.04"]', emulated: true },
};

// --- tag rules per event ------------------------------------------------------------------

const PER_EVENT_OPTIONS: MultiArchImagePublisherOptions = {
  triggers: { tags: ['v*'], branches: ['main'], schedule: ['0 3 * * *'] },
  tags: [TagRule.edge(), TagRule.schedule('nightly'), ...SEMVER],
  images: [{ name: 'app', platforms: [Platform.LINUX_AMD64] }],
};

/** A workflow triggered by each event, publishing what the tag rules give that event (or nothing when none listens). */
export const EVENT_SCENARIOS: Scenario[] = [
  {
    name: 'release-published',
    owner: 'Acme-Release',
    options: () => RELEASE_OPTIONS,
    event: Events.release('v1.4.0'),
    files: SCRATCH,
    expect: { success: true, published: ghcr('Acme-Release', ['app', 'tool'], ['1.4', '1.4.0', 'latest'], BOTH) },
  },
  {
    name: 'release-prerelease',
    owner: 'Acme-Prerelease',
    options: () => RELEASE_OPTIONS,
    event: Events.release('v2.0.0-rc.1', 'published', true),
    files: SCRATCH,
    expect: { success: true, published: ghcr('Acme-Prerelease', ['app', 'tool'], ['2.0.0-rc.1'], BOTH) },
  },
  {
    // A push of the release's tag: the workflow listens to releases only, so act runs nothing.
    // (act ignores activity types, so `created` vs `published` is proven statically in test/release-trigger.test.ts.)
    name: 'release-not-on-tag-push',
    owner: 'Acme-Release-Push',
    options: () => RELEASE_OPTIONS,
    event: Events.tagPush('v1.4.0'),
    files: SCRATCH,
    expect: { success: false, published: () => [], verify: nothingRan },
  },
  {
    name: 'edge-on-main',
    owner: 'Acme-Edge',
    options: () => PER_EVENT_OPTIONS,
    event: Events.branchPush('main'),
    files: SCRATCH,
    expect: { success: true, published: ghcr('Acme-Edge', ['app'], ['edge'], ['linux/amd64']) },
  },
  {
    // metadata-action's edge rule reacts to any run on refs/heads/<default branch>, and a
    // scheduled run is on main: it moves edge as well (to a rebuild of main's head).
    name: 'nightly-on-schedule',
    owner: 'Acme-Nightly',
    options: () => PER_EVENT_OPTIONS,
    event: Events.schedule('0 3 * * *'),
    files: SCRATCH,
    expect: { success: true, published: ghcr('Acme-Nightly', ['app'], ['edge', 'nightly'], ['linux/amd64']) },
  },
  {
    name: 'semver-on-tag',
    owner: 'Acme-Semver',
    options: () => PER_EVENT_OPTIONS,
    event: Events.tagPush('v1.2.3'),
    files: SCRATCH,
    expect: { success: true, published: ghcr('Acme-Semver', ['app'], RELEASE_TAGS, ['linux/amd64']) },
  },
  {
    // The seed listens to v* tags and workflow_dispatch: a manual run on main gets no semver
    // tag, only the raw `latest` rule.
    name: 'dispatch-on-main',
    owner: 'Acme-Dispatch',
    options: () => seedOptions({ workflowDispatch: true }),
    event: Events.workflowDispatch(),
    files: SEED_FILES,
    expect: { success: true, published: ghcr('Acme-Dispatch', ['qm-nmr-calc-api', 'qm-nmr-calc-worker'], ['latest'], BOTH) },
  },
  {
    name: 'all-eight-platforms',
    owner: 'Acme-Everything',
    options: () => ({
      tags: SEMVER,
      platformRunners: [{ platform: Platform.LINUX_ARM64, runner: Runner.labels('self-hosted', 'linux', 'arm64') }],
      images: [{
        name: 'everything',
        platforms: ALL,
        platformOverrides: [{ platform: Platform.LINUX_386, runner: Runner.group('x86-builders', ['linux']) }],
      }],
    }),
    event: Events.tagPush('v1.2.3'),
    files: ALL_PLATFORM_FILES,
    expect: {
      success: true,
      published: ghcr('Acme-Everything', ['everything'], RELEASE_TAGS, ALL_VALUES),
      verify: outcome => [
        ...checkLegs(outcome.result, 'build-everything', ALL_LEGS),
        ...checkConfigs(outcome, env => `${env.registry.host}/acme-everything/everything`, ALL_VALUES),
      ],
    },
  },
  {
    // Without arm runners the arm64 leg runs on the x64 runner under QEMU and still publishes.
    name: 'arm64-under-qemu',
    owner: 'Acme-X64',
    options: () => ({ tags: SEMVER, armRunners: false, images: [{ name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] }] }),
    event: Events.tagPush('v1.2.3'),
    files: SCRATCH,
    expect: {
      success: true,
      published: ghcr('Acme-X64', ['app'], RELEASE_TAGS, BOTH),
      verify: outcome => [
        ...checkLegs(outcome.result, 'build-app', {
          // A single label each: the matrix holds it as is (runs-on: ${{ matrix.runner }}).
          'linux/amd64': { runner: 'ubuntu-24.04', emulated: false },
          'linux/arm64': { runner: 'ubuntu-24.04', emulated: true },
        }),
        ...checkConfigs(outcome, env => `${env.registry.host}/acme-x64/app`, BOTH),
      ],
    },
  },
];
