import { BuildStrategy, MultiArchImagePublisherOptions, Platform, TagRule } from '../../../src';
import { Events } from '../act';
import { E2eEnvironment } from '../environment';
import { SCRATCH_DOCKERFILE, SCRATCH_FILES, Scenario } from '../scenario';
import { differs, failedStepsByLeg, indexCreations, logLines } from './act-log';
import { BOTH } from './seed';

/** An emulated image, a native one on two runners and a one-platform image (no smoke test: no Docker engine here). */
function options(publishTogether: boolean): MultiArchImagePublisherOptions {
  return {
    publishTogether,
    tags: [TagRule.semver('{{version}}')],
    images: [
      { name: 'api', strategy: BuildStrategy.EMULATED },
      { name: 'worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
      { name: 'cli', platforms: [Platform.LINUX_AMD64] },
    ],
  };
}

const PLATFORMS: Record<string, string[]> = { api: BOTH, worker: BOTH, cli: ['linux/amd64'] };

function together(name: string, owner: string, changes: {
  publishTogether: boolean;
  fault?: string;
  errors?: RegExp[];
  /** The images that must end up published. */
  published: string[];
  failedSteps?: string[];
}): Scenario {
  return {
    name,
    owner,
    options: () => options(changes.publishTogether),
    event: Events.tagPush('v2.0.0'),
    files: { ...SCRATCH_FILES, Dockerfile: SCRATCH_DOCKERFILE },
    fault: changes.fault,
    expect: {
      success: changes.fault === undefined,
      errors: changes.errors,
      published: (env: E2eEnvironment) => changes.published.map(image =>
        ({ repository: `${env.registry.host}/${owner.toLowerCase()}/${image}`, tags: ['2.0.0', 'latest'], platforms: PLATFORMS[image] })),
      verify: ({ result }) => [
        ...differs('failed steps', failedStepsByLeg(result).sort(), changes.failedSteps ?? []),
        // No tag moved for an image left out, not even for a moment.
        ...differs('images whose tags moved', [...new Set(indexCreations(result).flatMap(c => c.tags).map(tag => tag.split('/')[2].split(':')[0]))].sort(),
          [...changes.published].sort()),
        ...(changes.publishTogether && changes.fault ? Object.keys(PLATFORMS).flatMap(image =>
          logLines(result, { job: `merge-${image}` }).filter(l => l.text.startsWith('⭐ Run')).map(l => `merge-${image} ran ${l.step}`)) : []),
      ],
    },
  };
}

/** publishTogether beyond publish-together (publishing.ts): a clean run, a missing digest, and the default. */
export const TOGETHER_SCENARIOS: Scenario[] = [
  together('together-clean', 'Acme-Together-Ok', { publishTogether: true, published: ['api', 'cli', 'worker'] }),
  // The cli's build (and the worker's amd64 leg) report no digest: no image's tags move.
  together('together-no-digest', 'Acme-Together-Nd', {
    publishTogether: true,
    fault: 'no-digest:linux/amd64',
    errors: [/^The build of linux\/amd64 returned no image digest/],
    published: [],
    failedSteps: ['build-cli [linux/amd64] › Export the digest', 'build-worker [linux/amd64] › Export the digest'],
  }),
  // The emulated api builds amd64 only (its own check fails; a failing smoke test would stop it
  // there too, but no Docker engine runs one here): no image's tags move.
  together('together-emulated-check', 'Acme-Together-Em', {
    publishTogether: true,
    fault: 'build-platform:linux/amd64,linux/arm64=linux/amd64',
    errors: [/^The index planned for ghcr\.io\/acme-together-em\/api does not hold linux\/arm64/],
    published: [],
    failedSteps: ['build-api › Check the planned multi-platform index'],
  }),
  // The default: the worker's arm64 leg reports no digest; the api and cli are published on the new version.
  together('together-default', 'Acme-Apart', {
    publishTogether: false,
    fault: 'no-digest:linux/arm64',
    errors: [/^The build of linux\/arm64 returned no image digest/],
    published: ['api', 'cli'],
    failedSteps: ['build-worker [linux/arm64] › Export the digest'],
  }),
];
