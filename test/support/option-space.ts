import { Project } from 'projen';
import { releasedProject, twoBranchProject } from './projen-release';
import { BuildStrategy, Cache, CacheMode, FlavorOptions, ImageOptions, LatestTag, MultiArchImagePublisherOptions, Platform, PlatformOverride, Provenance, RefEvent, Registry, Runner, TagRule, TriggerOptions } from '../../src';
import { ACTIONS } from '../../src/actions';

/**
 * A systematic walk over the publisher's option space for the sweep test.
 *
 * Every image shape is combined with every trigger set; tag rule sets,
 * registries, runners and neighbouring images rotate through their values
 * so each of them meets many image shapes.
 */

const ALL_PLATFORMS = [
  Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6,
  Platform.LINUX_386, Platform.LINUX_PPC64LE, Platform.LINUX_S390X, Platform.LINUX_RISCV64,
];

const NATIVE_PLATFORM_SETS: Platform[][] = [
  [Platform.LINUX_AMD64],
  [Platform.LINUX_ARM64],
  [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
  [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7],
  [Platform.LINUX_386, Platform.LINUX_PPC64LE],
  [Platform.LINUX_RISCV64, Platform.LINUX_S390X, Platform.LINUX_ARM_V6],
  [Platform.of('linux/mips64le'), Platform.LINUX_AMD64],
  ALL_PLATFORMS,
];

const EMULATED_PLATFORM_SETS: Platform[][] = [
  [Platform.LINUX_AMD64],
  [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
  ALL_PLATFORMS,
];

/** A pre-build step whose output a build argument reads. */
const VERSION_STEP = {
  name: 'Compute the version',
  id: 'version',
  env: { VERSION: '${{ steps.meta.outputs.version }}' },
  run: 'echo "value=${VERSION:-dev}" >> "$GITHUB_OUTPUT"',
};

/** A variant of `app` published to the same repository as `<tag>-slim`. */
const SLIM_VARIANT: ImageOptions = {
  name: 'app-slim',
  repository: 'app',
  dockerfile: 'Dockerfile.slim',
  flavor: { suffix: '-slim', onLatest: true },
  tags: [TagRule.semver('{{version}}'), TagRule.sha()],
  cache: Cache.registry(),
  freeDiskSpace: true,
};

/** Per-platform overrides, applied to the last platform of a set. */
const OVERRIDES: Array<(platform: Platform) => Omit<ImageOptions, 'name'>> = [
  () => ({}),
  platform => ({ platformOverrides: [{ platform, dockerfile: 'docker/Dockerfile.special' }] }),
  platform => ({ freeDiskSpace: true, platformOverrides: [{ platform, runner: Runner.labels('self-hosted', 'linux', 'big') }] }),
  platform => ({ platformOverrides: [{ platform, runner: Runner.group('build-fleet', ['linux']) }] }),
  platform => ({ platformOverrides: [{ platform, runner: Runner.group('build-fleet') }] }),
  platform => ({ buildArgs: { VERSION: '1.0', FLAVOUR: 'slim' }, target: 'runtime', platformOverrides: [{ platform, buildArgs: { FLAVOUR: 'fat' }, target: 'runtime-alt' }] }),
  // Expression build args: read by the build step, never the matrix (whose contexts lack steps and env).
  platform => ({
    buildArgs: { VERSION: '${{ steps.meta.outputs.version }}', FLAVOUR: 'slim' },
    platformOverrides: [{ platform, buildArgs: { FLAVOUR: "fat-${{ vars.FLAVOUR || 'x' }}", REVISION: 'git-${{ github.sha }}' } }],
  }),
  () => ({ smokeTest: { args: ['--version'] }, buildSecrets: { npm: 'NPM_TOKEN' } }),
  () => ({ dockerfileChecks: { failOnWarnings: false } }),
  () => ({ dockerfileChecks: { skip: ['JSONArgsRecommended', 'FromAsCasing'] }, buildArgs: { A: 'x' } }),
  () => ({ smokeTest: { args: ['sh', '-c', 'echo "ready on $(uname -m)"'], expectOutput: '^ready on \\w+$' } }),
  platform => ({
    context: 'services/app',
    dockerfile: 'services/app/Dockerfile.prod',
    buildArgs: { A: 'x', VERSION: '${{ steps.version.outputs.value }}' },
    preBuildSteps: [VERSION_STEP],
    checkout: { fetchDepth: 0, submodules: true, lfs: true },
    platformOverrides: [override(platform)],
  }),
];

function override(platform: Platform): PlatformOverride {
  return { platform, dockerfile: 'services/app/Dockerfile.alt', runner: Runner.UBUNTU_LATEST, buildArgs: { B: 'y' }, target: 'final' };
}

const TRIGGERS: TriggerOptions[] = [
  { tags: ['v*'] },
  { tags: ['v*'], branches: ['main'], pullRequest: true },
  { branches: ['main', 'release/**'] },
  { schedule: ['0 3 * * *', '30 1 * * 1'] },
  { workflowDispatch: true },
  { tags: ['v*.*.*'], branches: ['main'], schedule: ['0 4 * * *'], workflowDispatch: true },
  { release: true, pullRequest: true },
  { tags: ['v*'], branches: ['main'], pullRequest: true, pullRequestBranches: ['main', 'release/**'], paths: ['docker/**', 'Dockerfile*', '!docker/README.md'] },
  { branches: ['main'], pathsIgnore: ['docs/**', '**.md'], workflowDispatch: true },
];

const TAG_RULE_SETS: TagRule[][] = [
  [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}'), TagRule.raw('latest')],
  [TagRule.ref(RefEvent.BRANCH), TagRule.ref(RefEvent.TAG), TagRule.ref(RefEvent.PR), TagRule.sha(), TagRule.sha({ long: true, prefix: 'git-' })],
  [TagRule.edge({ branch: 'main' }), TagRule.schedule('nightly'), TagRule.schedule("{{date 'YYYYMMDD'}}", { prefix: 'nightly-' })],
  [
    TagRule.pep440('{{version}}'),
    TagRule.match('v(\\d+\\.\\d+)', { group: 1, suffix: '-stable' }),
    TagRule.raw('latest', { enable: "${{ github.ref == 'refs/heads/main' }}", priority: 200 }),
  ],
];

const ECR = Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/github-publish' });

const REGISTRY_SETS: Registry[][] = [
  [Registry.ghcr()],
  [Registry.ghcr({ namespace: 'acme-corp' })],
  [Registry.dockerHub({ namespace: 'acme' })],
  [ECR],
  [Registry.custom({ host: 'registry.example.com:5000', namespace: 'team/images', usernameSecret: 'REG_USER', passwordSecret: 'REG_PASS' })],
  [Registry.ghcr(), Registry.dockerHub({ namespace: 'acme', usernameSecret: 'HUB_USER', tokenSecret: 'HUB_TOKEN' }), ECR],
  // Registries decided at run time, user names from repository variables.
  [
    Registry.ghcr({ condition: "github.event_name != 'schedule'" }),
    Registry.dockerHub({ namespace: 'acme', usernameVariable: 'DOCKERHUB_USERNAME', condition: "vars.PUBLISH_DOCKERHUB == 'true'" }),
    Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/github-publish', condition: "startsWith(github.ref, 'refs/tags/')" }),
  ],
  [Registry.ghcr({ namespace: 'acme-corp' }), Registry.custom({ host: 'registry.example.com', usernameVariable: 'REG_USER', condition: "(github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/v'))" })],
];

const FLAVORS: Array<FlavorOptions | undefined> = [undefined, { latest: LatestTag.NEVER }, { latest: LatestTag.ALWAYS, prefix: 'app-', suffix: '-linux' }];

const PLATFORM_RUNNERS = [
  undefined,
  [{ platform: Platform.LINUX_ARM64, runner: Runner.labels('arm64-16-core') }, { platform: Platform.LINUX_AMD64, runner: Runner.labels('x64-16-core') }],
  [{ platform: Platform.LINUX_386, runner: Runner.UBUNTU_24_04_ARM }, { platform: Platform.LINUX_RISCV64, runner: Runner.group('riscv-fleet', ['riscv64']) }],
];

/** Every kind of cache, publisher-wide; the neighbour `app-worker` sets its own. */
const CACHES: Array<Cache | undefined> = [
  undefined,
  Cache.gha({ mode: CacheMode.MIN, ignoreError: true }),
  Cache.registry(),
  Cache.none(),
  Cache.registry({ ref: 'ghcr.io/acme/build-cache', mode: CacheMode.MIN }),
];

/** Job settings, publisher-wide; they rotate through the cases. */
const JOB_SETTINGS: Array<Partial<MultiArchImagePublisherOptions>> = [
  {},
  { timeoutMinutes: 60, failFast: true },
  { environment: 'production', concurrency: { group: 'images-${{ github.ref }}', cancelInProgress: false } },
  { onlyInRepository: 'acme/images', timeoutMinutes: 30, environment: 'registry publishing' },
  { concurrency: { cancelInProgress: true }, failFast: false },
  { onlyInRepository: 'Acme-Org/qm-nmr-calc' },
];

const DEFAULT_RUNNERS: Runner[] = [Runner.UBUNTU_24_04, Runner.UBUNTU_LATEST, Runner.labels('self-hosted', 'x64'), Runner.group('merge-fleet')];

/** Larger-runner labels the sweep uses; a repository declares its own to actionlint. */
export const CUSTOM_RUNNER_LABELS = ['arm64-16-core', 'x64-16-core'];

export interface SweepCase {
  readonly title: string;
  readonly options: MultiArchImagePublisherOptions;
  /** Makes the project the publisher joins; default: a bare project with GitHub. */
  readonly project?: () => Project;
  /** `project.github.actions.set(key, value)` calls the case makes, e.g. a GitHub Enterprise mirror. */
  readonly actionOverrides?: Record<string, string>;
}

/** Every catalog action served from a mirror organisation, as on GitHub Enterprise Server. */
export function mirrorOverrides(): Record<string, string> {
  return Object.fromEntries(Object.values(ACTIONS).map(action =>
    [action.repository, `ghe-mirror/${action.repository.replace('/', '--')}@${action.sha}`]));
}

function imageShapes(): Array<{ title: string; image: ImageOptions }> {
  const shapes: Array<{ title: string; image: ImageOptions }> = [];
  NATIVE_PLATFORM_SETS.forEach((platforms, p) => {
    OVERRIDES.forEach((makeOverrides, o) => {
      shapes.push({
        title: `native platforms#${p} overrides#${o}`,
        image: { name: 'app', platforms, ...makeOverrides(platforms[platforms.length - 1]) },
      });
    });
  });
  EMULATED_PLATFORM_SETS.forEach((platforms, p) => {
    shapes.push({ title: `emulated platforms#${p}`, image: { name: 'app', platforms, strategy: BuildStrategy.EMULATED, preBuildSteps: [VERSION_STEP], checkout: { fetchDepth: 10 } } });
    shapes.push({
      title: `emulated platforms#${p} with args`,
      image: { name: 'app', platforms, strategy: BuildStrategy.EMULATED, buildArgs: { A: '1', VERSION: '${{ steps.meta.outputs.version }}' }, buildSecrets: { 'npm': 'NPM_TOKEN', 'git.auth': 'GITHUB_TOKEN' }, target: 'final', context: 'app', tags: [TagRule.raw('edge')] },
    });
  });
  return shapes;
}

const PROVENANCES: Array<Provenance | undefined> = [undefined, Provenance.MIN, Provenance.MAX, Provenance.OFF];

/**
 * Every combination of provenance × SBOM × attest × sign × pull requests ×
 * registry set, each workflow with a native and an emulated image (both
 * strategies), publishTogether alternating.
 */
export function supplyChainCases(): SweepCase[] {
  const cases: SweepCase[] = [];
  let n = 0;
  for (const provenance of PROVENANCES) {
    for (const sbom of [false, true]) {
      for (const attest of [false, true]) {
        for (const sign of [false, true]) {
          for (const pullRequest of [false, true]) {
            REGISTRY_SETS.forEach((registries, r) => {
              cases.push({
                title: `supply chain provenance=${provenance ?? 'default'} sbom=${sbom} attest=${attest} sign=${sign} pr=${pullRequest} registries#${r}`,
                options: {
                  workflowName: `supply-${n}`,
                  triggers: { tags: ['v*'], pullRequest },
                  registries,
                  tags: [TagRule.semver('{{version}}')],
                  provenance,
                  sbom,
                  attest,
                  sign,
                  publishTogether: n % 2 === 1,
                  images: [
                    { name: 'app', smokeTest: n % 3 === 0 ? { args: ['--version'] } : undefined },
                    { name: 'app.cli', strategy: BuildStrategy.EMULATED, smokeTest: n % 3 === 1 ? { args: ['--help'] } : undefined },
                  ],
                },
              });
              n++;
            });
          }
        }
      }
    }
  }
  return cases;
}

/** Every case of the sweep. */
export function sweepCases(): SweepCase[] {
  const cases: SweepCase[] = [];
  let n = 0;
  for (const { title, image } of imageShapes()) {
    TRIGGERS.forEach((triggers, t) => {
      const neighbours: ImageOptions[] = n % 3 === 0 ? [] : [
        // Names that prefix each other must never share artifacts or caches.
        {
          name: 'app-worker',
          platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
          registries: REGISTRY_SETS[(n + 1) % REGISTRY_SETS.length],
          cache: n % 2 ? Cache.registry() : Cache.gha(),
          ...(n % 2 ? { timeoutMinutes: 90, failFast: true, environment: 'worker registry' } : {}),
        },
        { name: 'app.cli', strategy: BuildStrategy.EMULATED, labels: { 'org.opencontainers.image.vendor': 'Acme' }, annotations: { 'com.example.tier': 'cli' } },
        // A variant sharing the main image's repository, with tags of its own form.
        ...(n % 4 === 1 ? [SLIM_VARIANT] : []),
      ];
      const mirrored = n % 7 === 3;
      cases.push({
        title: `${title} triggers#${t}${neighbours.length ? ' +2 images' : ''}${mirrored ? ' mirrored actions' : ''}`,
        actionOverrides: mirrored ? mirrorOverrides() : undefined,
        options: {
          workflowName: `sweep-${n}`,
          triggers,
          tags: TAG_RULE_SETS[n % TAG_RULE_SETS.length],
          registries: REGISTRY_SETS[n % REGISTRY_SETS.length],
          flavor: FLAVORS[n % FLAVORS.length],
          labels: n % 2 ? { 'org.opencontainers.image.authors': 'team@example.com' } : undefined,
          annotations: n % 2 ? undefined : { 'org.opencontainers.image.description': 'An app, built by the sweep' },
          defaultRunner: DEFAULT_RUNNERS[n % DEFAULT_RUNNERS.length],
          artifactRetentionDays: 1 + (n % 7),
          cache: CACHES[n % CACHES.length],
          setupBuildx: n % 7 === 3 ? { version: 'v0.19.3', driverOpts: ['image=moby/buildkit:v0.18.2', 'network=host'] } : undefined,
          publishTogether: n % 4 === 2,
          platformRunners: PLATFORM_RUNNERS[n % PLATFORM_RUNNERS.length],
          armRunners: n % 5 !== 4,
          ...JOB_SETTINGS[n % JOB_SETTINGS.length],
          images: [image, ...neighbours],
        },
      });
      n++;
    });
  }
  return [...cases, ...projenReleaseCases()];
}

/** With projenRelease, only these triggers are allowed (each writes the publisher's own workflow). */
const PROJEN_RELEASE_TRIGGERS: Array<TriggerOptions | undefined> = [
  undefined,
  { pullRequest: true },
  { workflowDispatch: true },
  { pullRequest: true, workflowDispatch: true },
];

/** Tag rule sets that give a released version a tag (the edge/schedule set gives none). */
const RELEASE_TAG_RULE_SETS = [TAG_RULE_SETS[0], TAG_RULE_SETS[1], TAG_RULE_SETS[3]];

/**
 * projenRelease on real projen projects (one release branch; two, one a
 * pre-release with a tag prefix): every trigger set meets several image
 * shapes, registries, tag rules and flavors.
 */
function projenReleaseCases(): SweepCase[] {
  const shapes = imageShapes().filter((_, i, all) => i % 13 === 0 || i === all.length - 1);
  const projects = [releasedProject, twoBranchProject];
  const cases: SweepCase[] = [];
  shapes.forEach(({ title, image }, s) => {
    PROJEN_RELEASE_TRIGGERS.forEach((triggers, t) => {
      const n = s * PROJEN_RELEASE_TRIGGERS.length + t;
      cases.push({
        title: `projenRelease ${title} triggers#${t} project#${n % projects.length}`,
        project: projects[n % projects.length],
        options: {
          projenRelease: true,
          workflowName: `images-${n}`,
          triggers,
          tags: RELEASE_TAG_RULE_SETS[n % RELEASE_TAG_RULE_SETS.length],
          registries: REGISTRY_SETS[n % REGISTRY_SETS.length],
          flavor: FLAVORS[n % FLAVORS.length],
          images: [image, { name: 'app-worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] }],
          publishTogether: n % 3 === 1,
        },
      });
    });
  });
  return cases;
}
