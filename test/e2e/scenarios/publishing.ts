import { TagRule, Registry } from '../../../src';
import { seedOptions } from '../../support/seed-options';
import { Events } from '../act';
import { SCRATCH_DOCKERFILE, SCRATCH_FILES, Scenario } from '../scenario';
import { differs, dockerCommands, failedStepsByLeg, indexCreations, stepRan, withChecks } from './act-log';
import { BOTH, MIRROR_SECRETS, SEED_FILES, mirror, seedScenario } from './seed';

const NOT_ARM64 = /does not hold linux\/arm64/;
const API_JOB = 'build-qm-nmr-calc-api';
const WORKER_MERGE = 'merge-qm-nmr-calc-worker';
/** A Dockerfile whose base is pinned to amd64, whatever platform the leg asks for. */
const CONST_PLATFORM_DOCKERFILE = SCRATCH_DOCKERFILE.replace('FROM scratch', 'FROM --platform=linux/amd64 scratch');

/** The core publishing paths and the faults planted in them. */
export const PUBLISHING_SCENARIOS: Scenario[] = [
  seedScenario('seed', 'Acme-Org'),
  {
    name: 'prefix-names',
    owner: 'Acme-Prefix',
    options: () => ({ tags: [TagRule.semver('{{version}}')], images: [{ name: 'api' }, { name: 'api-v2' }] }),
    event: Events.tagPush('v2.0.0'),
    files: { ...SCRATCH_FILES, Dockerfile: SCRATCH_DOCKERFILE },
    expect: {
      success: true,
      published: env => ['api', 'api-v2'].map(image => ({ repository: `${env.registry.host}/acme-prefix/${image}`, tags: ['2.0.0', 'latest'], platforms: BOTH })),
    },
  },
  {
    name: 'several-registries',
    owner: 'Acme-Multi',
    options: env => ({ tags: [TagRule.semver('{{version}}')], registries: [Registry.ghcr(), mirror(env, 'acme-multi')], images: [{ name: 'app' }] }),
    event: Events.tagPush('v3.1.0'),
    files: { ...SCRATCH_FILES, Dockerfile: SCRATCH_DOCKERFILE },
    expect: {
      success: true,
      published: env => [env.registry.host, env.secondRegistry.host].map(host => ({ repository: `${host}/acme-multi/app`, tags: ['3.1.0', 'latest'], platforms: BOTH })),
    },
  },
  {
    // A registry whose condition is false this run: no login to it, nothing pushed there, and
    // GHCR still gets a verified index.
    name: 'registry-condition',
    owner: 'Acme-Cond',
    options: env => ({
      tags: [TagRule.semver('{{version}}')],
      registries: [Registry.ghcr(), Registry.custom({ ...MIRROR_SECRETS, host: env.secondRegistry.host, namespace: 'acme-cond', condition: "github.event_name == 'schedule'" })],
      images: [{ name: 'app' }],
    }),
    event: Events.tagPush('v3.2.0'),
    files: { ...SCRATCH_FILES, Dockerfile: SCRATCH_DOCKERFILE },
    expect: {
      success: true,
      published: env => [{ repository: `${env.registry.host}/acme-cond/app`, tags: ['3.2.0', 'latest'], platforms: BOTH }],
    },
  },
  // onlyInRepository: the named repository publishes (github.repository is <owner>/<scenario name>;
  // expressions compare strings without case, as GitHub's do).
  seedScenario('only-in-home', 'Acme-Home', { options: { onlyInRepository: 'acme-home/ONLY-IN-HOME' } }),
  {
    // onlyInRepository names another repository (a fork's run): every publishing job skips.
    name: 'only-in-repository',
    owner: 'Acme-Fork',
    options: () => ({ ...seedOptions(), onlyInRepository: 'acme-org/qm-nmr-calc' }),
    event: Events.tagPush('v1.2.3'),
    files: SEED_FILES,
    expect: {
      success: true,
      published: () => [],
      // Nothing ran at all: no job, so no docker command (no login, no build).
      verify: ({ result }) => [...differs('jobs', result.jobs, {}), ...differs('docker commands', dockerCommands(result), [])],
    },
  },
  {
    name: 'pull-request',
    owner: 'Acme-Pr',
    options: () => ({ ...seedOptions(), triggers: { tags: ['v*'], pullRequest: true } }),
    event: Events.pullRequest(7),
    files: SEED_FILES,
    expect: { success: true, published: () => [] },
  },
  // Faults planted with real means; each must fail the run before (or as) a wrong index is published.
  // The emulated API image is published through `imagetools create` too (pushed by digest, its
  // planned index checked), so the faults of that command reach both images.
  seedScenario('fault-dropped-source', 'Acme-Drop', {
    fault: 'drop-source',
    success: false,
    errors: [/The index planned for .*qm-nmr-calc-worker does not hold/, /The index planned for .*qm-nmr-calc-api does not hold/],
    published: {},
  }),
  // Verification reads what the registry reports: both jobs fail at that step, naming the platform,
  // and neither writes a summary of a broken publish.
  withChecks(seedScenario('fault-index-rewritten', 'Acme-Rewrite', {
    fault: 'filter-index:linux/amd64',
    success: false,
    errors: [
      /^ghcr\.io\/acme-rewrite\/qm-nmr-calc-worker:1\.2\.3 does not hold linux\/arm64 \(it holds: linux\/amd64\)$/,
      /^ghcr\.io\/acme-rewrite\/qm-nmr-calc-api:1\.2\.3 does not hold linux\/arm64 \(it holds: linux\/amd64\)$/,
    ],
    published: { 'qm-nmr-calc-api': ['linux/amd64'], 'qm-nmr-calc-worker': ['linux/amd64'] },
  }), ({ result }) => [
    ...differs('failed steps', failedStepsByLeg(result).sort(), [API_JOB, WORKER_MERGE].map(job => `${job} › Verify the published index holds every platform`)),
    ...[API_JOB, WORKER_MERGE].filter(job => stepRan(result, { job, step: 'Write the job summary' })).map(job => `${job} wrote a summary`),
  ]),
  // The native arm64 leg builds amd64: the merge's plan check refuses it before any worker tag moves.
  withChecks(seedScenario('fault-leg-builds-amd64', 'Acme-Wrong', {
    fault: 'build-platform:linux/arm64=linux/amd64',
    success: false,
    errors: [/^The index planned for ghcr\.io\/acme-wrong\/qm-nmr-calc-worker does not hold linux\/arm64/],
    published: { 'qm-nmr-calc-api': BOTH },
  }), ({ result }) => [
    ...differs('failed steps', failedStepsByLeg(result), [`${WORKER_MERGE} › Create the multi-platform index`]),
    ...differs('worker tags moved', indexCreations(result, { job: WORKER_MERGE }), []),
  ]),
  // The emulated build, pushed by digest, builds amd64 only: refused the same way, no API tag moves.
  withChecks(seedScenario('fault-emulated-builds-amd64', 'Acme-Emulated', {
    fault: 'build-platform:linux/amd64,linux/arm64=linux/amd64',
    success: false,
    errors: [/^The index planned for ghcr\.io\/acme-emulated\/qm-nmr-calc-api does not hold linux\/arm64/],
    published: { 'qm-nmr-calc-worker': BOTH },
  }), ({ result }) => [
    ...differs('failed steps', failedStepsByLeg(result), [`${API_JOB} › Create the multi-platform index`]),
    ...differs('API tags moved', indexCreations(result, { job: API_JOB }), []),
  ]),
  // publishTogether: the worker's wrong arm64 leg fails its plan check, so the API image, built
  // and checked fine, moves no tag either (without it the API would be published alone).
  seedScenario('publish-together', 'Acme-Together', {
    fault: 'build-platform:linux/arm64=linux/amd64',
    options: { publishTogether: true },
    success: false,
    errors: [NOT_ARM64],
    published: {},
  }),
  // FROM --platform=linux/amd64 in the arm64 leg's Dockerfile: with BuildKit's checks as
  // warnings the run goes green (no index check can see it); dockerfileChecks' default stops it.
  seedScenario('from-platform-const-unchecked', 'Acme-Unchecked', {
    files: { 'Dockerfile.worker.arm64': CONST_PLATFORM_DOCKERFILE }, options: { dockerfileChecks: { failOnWarnings: false } },
  }),
  seedScenario('from-platform-const', 'Acme-Const', {
    files: { 'Dockerfile.worker.arm64': CONST_PLATFORM_DOCKERFILE },
    success: false,
    errors: [/FromPlatformFlagConstDisallowed/],
    published: { 'qm-nmr-calc-api': BOTH },
  }),
];
