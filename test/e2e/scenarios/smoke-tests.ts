import { JobPermission } from 'projen/lib/github/workflows-model';
import { ImageOptions, MultiArchImagePublisher, MultiArchImagePublisherOptions, Platform, TagRule } from '../../../src';
import { ACTIONS, uses } from '../../../src/actions';
import { Events } from '../act';
import { E2eEnvironment, e2eEnvironment } from '../environment';
import { helloBinaries, helloDockerfile, pushHelloBase } from '../hello-images';
import { Scenario, ScenarioOutcome } from '../scenario';

// Smoke tests on images that really run: each leg's `docker run` (test/e2e/runtime/docker) runs
// the image's own binary on the CPU of its platform, arm64 and arm/v7 under qemu-user.
const THREE = ['linux/amd64', 'linux/arm/v7', 'linux/arm64'];
const RELEASE_TAGS = ['1.2', '1.2.3', 'latest'];
const SMOKE_STEP = 'Smoke-test the image';
const SMOKE_TEST = { args: ['--version'], expectOutput: '^app \\d' };
/** A base image of the run's registry, outside every scenario's namespace. */
const BASE = (env: E2eEnvironment) => `${env.registry.host}/e2e-bases/hello:1`;

function options(image: Partial<ImageOptions> = {}): MultiArchImagePublisherOptions {
  return {
    triggers: { tags: ['v*'], pullRequest: true },
    tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')],
    images: [{ name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7], smokeTest: SMOKE_TEST, ...image }],
  };
}

/** The act log lines of one job (and one leg, by its matrix platform), each as `step: message`. */
function linesOf(outcome: ScenarioOutcome, jobId: string, platform?: string): string[] {
  return outcome.result.log.split('\n').filter(line => line.startsWith('{')).flatMap(line => {
    try {
      const entry = JSON.parse(line);
      const matches = entry.jobID === jobId && (platform === undefined || entry.matrix?.platform === platform);
      return matches ? [`${entry.step ?? ''}: ${String(entry.msg ?? '').trim()}`] : [];
    } catch { return []; }
  });
}

/** Problems unless the leg of `platform` ran a smoke test of `reference` that printed `output`. */
function ranSmokeTest(outcome: ScenarioOutcome, jobId: string, platform: string, reference: RegExp, output: string): string[] {
  const lines = linesOf(outcome, jobId, platform).filter(line => line.startsWith(`${SMOKE_STEP}: `));
  const problems: string[] = [];
  if (!lines.some(line => reference.test(line) && line.includes(`(${platform})`))) problems.push(`the ${platform} leg of ${jobId} ran no smoke test of ${reference}`);
  if (!lines.some(line => line === `${SMOKE_STEP}: ${output}`)) problems.push(`the ${platform} smoke test of ${jobId} did not print "${output}"`);
  return problems;
}

/** Problems unless only build-app ran, its one failed step the smoke test of `platform`, whose leg uploaded no digest (the other legs did). */
function stoppedAtSmokeTest(outcome: ScenarioOutcome, platform: string, legs = THREE): string[] {
  const problems: string[] = [];
  if (Object.keys(outcome.result.jobs).join() !== 'build-app') problems.push(`jobs ran: ${JSON.stringify(outcome.result.jobs)}, expected build-app only`);
  const failed = outcome.result.failedSteps;
  if (failed.join() !== `build-app › ${SMOKE_STEP}`) problems.push(`failed steps: [${failed.join('; ')}], expected the smoke test only`);
  const uploaded = (leg: string) => linesOf(outcome, 'build-app', leg).some(line => line.startsWith('Upload the digest: ⭐ Run Main'));
  if (uploaded(platform)) problems.push(`the ${platform} leg uploaded its digest`);
  // The other legs passed theirs and uploaded their digests: only the merge held them back.
  for (const other of legs.filter(leg => leg !== platform)) {
    if (!uploaded(other)) problems.push(`the ${other} leg did not upload its digest`);
  }
  return problems;
}

/** Each `hello-*` binary beside the Dockerfiles (built when the scenario runs, not when the list loads). */
function withBinaries(scenario: Omit<Scenario, 'files'>, files: (env: E2eEnvironment) => Record<string, string>): Scenario {
  return { ...scenario, get files() { return { ...helloBinaries(), ...files(e2eEnvironment()) }; } };
}

/**
 * A job of the user's after the merge that asks the e2e `docker run` what a real engine
 * refuses: a registry image without a login, a platform the index does not hold, a run
 * flag it does not implement (it stops rather than ignore it), and any engine command.
 */
function addRuntimeChecks(publisher: MultiArchImagePublisher, reference: string): void {
  const refused = [
    'refused() {  # exit code, message, command...',
    '  local code=$1 message=$2 status=0 out; shift 2',
    '  out=$("$@" 2>&1) || status=$?',
    '  echo "$* -> exit ${status}: ${out}"',
    '  [ "${status}" = "${code}" ] && grep -qi -- "${message}" <<< "${out}"',
    '}',
  ].join('\n');
  publisher.workflow.addJob('runtime-checks', {
    needs: ['merge-app'],
    runsOn: ['ubuntu-24.04'],
    permissions: { packages: JobPermission.READ },
    env: { REF: reference },
    steps: [
      { name: 'No login', run: `${refused}\nrefused 125 unauthorized docker run --rm --quiet --platform linux/arm64 "$REF"` },
      { uses: uses(ACTIONS.login), with: { registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' } },
      {
        name: 'Logged in',
        run: [
          refused,
          'test "$(docker run --rm --quiet --platform linux/arm64 "$REF")" = "app 1.2.3 (linux/arm64)"',
          'refused 125 "no child with platform linux/s390x" docker run --rm --quiet --platform linux/s390x "$REF"',
          'refused 125 "does not implement \\`docker run -v\\`" docker run --rm -v /:/host "$REF"',
          'refused 1 "Cannot connect to the Docker daemon" docker push "$REF"',
        ].join('\n'),
      },
    ],
  });
}

const ARM64_DOCKERFILE = { platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: 'Dockerfile.arm64' }] };

/** A tag push whose smoke test of `platform` fails with `error`: nothing is published (stoppedAtSmokeTest). */
function stoppedAtPlatform(name: string, owner: string, image: Partial<ImageOptions>, platform: string,
  error: RegExp, files: Record<string, string>, legs = THREE): Scenario {
  return withBinaries({
    name,
    owner,
    options: () => options(image),
    event: Events.tagPush('v1.2.3'),
    expect: { success: false, errors: [error], published: () => [], verify: outcome => stoppedAtSmokeTest(outcome, platform, legs) },
  }, () => files);
}

export const SMOKE_TEST_SCENARIOS: Scenario[] = [
  withBinaries({
    name: 'smoke-tag-push',
    owner: 'Acme-Smoke',
    options: () => options(),
    customize: (publisher, _project, env) => addRuntimeChecks(publisher, `${env.registry.host}/acme-smoke/app:1.2.3`),
    event: Events.tagPush('v1.2.3'),
    expect: {
      success: true,
      published: env => [{ repository: `${env.registry.host}/acme-smoke/app`, tags: RELEASE_TAGS, platforms: THREE }],
      // Each leg ran the digest it pushed, which is the platform's image in the published index.
      verify: outcome => THREE.flatMap(platform => {
        const repository = `${outcome.env.registry.host}/acme-smoke/app`;
        const published = outcome.reader.manifest(`${repository}:1.2.3`).manifests
          .find((m: any) => [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/') === platform)?.digest;
        const tested = linesOf(outcome, 'build-app', platform).map(line => /Smoke test: \S+@(sha256:[0-9a-f]{64})/.exec(line)?.[1]).find(Boolean);
        if (!tested) return [`the ${platform} leg ran no smoke test`];
        const pushed = outcome.reader.manifest(`${repository}@${tested}`);
        const image = pushed.manifests ? pushed.manifests.find((m: any) => m.platform?.os !== 'unknown').digest : tested;
        return [
          ...(image === published ? [] : [`the ${platform} leg tested ${image}, but the index holds ${published}`]),
          ...ranSmokeTest(outcome, 'build-app', platform, new RegExp(`${repository}@${tested}`), `app 1.2.3 (${platform})`),
        ];
      }),
    },
  }, () => ({ Dockerfile: helloDockerfile('app') })),
  stoppedAtPlatform('smoke-arm64-fails', 'Acme-Smoke-Fail', ARM64_DOCKERFILE, 'linux/arm64',
    /^The linux\/arm64 image failed its smoke test \(exit code 3\)$/,
    { 'Dockerfile': helloDockerfile('app'), 'Dockerfile.arm64': helloDockerfile('app', { HELLO_EXIT: '3' }) }),
  stoppedAtPlatform('smoke-output-mismatch', 'Acme-Smoke-Usage', { platformOverrides: [{ platform: Platform.LINUX_ARM_V7, dockerfile: 'Dockerfile.armv7' }] }, 'linux/arm/v7',
    /^The linux\/arm\/v7 image ran, but no line of its output matches \^app \\d$/,
    { 'Dockerfile': helloDockerfile('app'), 'Dockerfile.armv7': helloDockerfile('app', { HELLO_SAY: 'Usage: app [options]' }) }),
  // Docker's pull messages name the image; the smoke test runs `docker run --quiet`, so an
  // image that prints nothing does not pass an expectOutput naming it.
  stoppedAtPlatform('smoke-silent-image', 'Acme-Smoke-Silent', { platforms: [Platform.LINUX_AMD64], smokeTest: { args: ['--version'], expectOutput: 'app' } }, 'linux/amd64',
    /^The linux\/amd64 image ran, but no line of its output matches app$/,
    { Dockerfile: helloDockerfile('app', { HELLO_SILENT: '1' }) }, ['linux/amd64']),
  withBinaries({
    name: 'smoke-pull-request',
    owner: 'Acme-Smoke-Pr',
    options: () => options(),
    event: Events.pullRequest(7),
    expect: {
      success: true,
      published: () => [],
      verify: outcome => [
        ...(Object.keys(outcome.result.jobs).join() === 'check-app' ? [] : [`jobs ran: ${JSON.stringify(outcome.result.jobs)}, expected check-app only`]),
        ...(/Login Succeeded/.test(outcome.result.log) ? ['a job logged in'] : []),
        ...THREE.flatMap(platform => ranSmokeTest(outcome, 'check-app', platform, /Smoke test: app:pr-check /, `app 1.2.3 (${platform})`)),
      ],
    },
  }, () => ({ Dockerfile: helloDockerfile('app') })),
  // The headline: the arm64 leg's Dockerfile pins its base to linux/amd64. BuildKit's check is
  // only a warning here, the image is labelled arm64 and its index is right, but the native
  // arm64 smoke test cannot start the amd64 binary (qemu-aarch64 refuses it), so no tag moves.
  withBinaries({
    name: 'smoke-from-platform-const',
    owner: 'Acme-Smoke-Const',
    options: () => ({
      ...options({ platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64], ...ARM64_DOCKERFILE }),
      dockerfileChecks: { failOnWarnings: false },
    }),
    // The multi-arch base image the Dockerfiles start from is in the registry before the run.
    customize: (_publisher, _project, env) => pushHelloBase(env, BASE(env)),
    event: Events.tagPush('v1.2.3'),
    expect: {
      success: false,
      errors: [/^The linux\/arm64 image failed its smoke test \(exit code 255\)$/],
      published: () => [],
      verify: outcome => [
        ...stoppedAtSmokeTest(outcome, 'linux/arm64', ['linux/amd64', 'linux/arm64']),
        ...(/Invalid ELF image for this architecture/.test(linesOf(outcome, 'build-app', 'linux/arm64').join('\n')) ? [] : ['qemu-aarch64 did not refuse the arm64 leg\'s binary']),
        ...ranSmokeTest(outcome, 'build-app', 'linux/amd64', /Smoke test: /, 'app 1.2.3 (linux/amd64)'),
      ],
    },
  }, env => ({ 'Dockerfile': `FROM ${BASE(env)}\nENV HELLO_NAME=app\n`, 'Dockerfile.arm64': `FROM --platform=linux/amd64 ${BASE(env)}\nENV HELLO_NAME=app\n` })),
];
