import { TagRule, Platform } from '../../../src';
import { Events } from '../act';
import { SCRATCH_DOCKERFILE, SCRATCH_FILES, Scenario, ScenarioOutcome } from '../scenario';
import { BOTH } from './seed';

/**
 * Variants of one image: server and server-alpine publish disjoint tags to
 * one repository, each tag naming the index built from its own variant's
 * Dockerfile (told apart by a label); only the main variant moves `latest`.
 */

const OWNER = 'Acme-Variants';
const MAIN_TAGS = ['1.2', '1.2.3', 'latest'];
const ALPINE_TAGS = ['1.2-alpine', '1.2.3-alpine', 'latest-alpine'];

function verifyVariants({ env, reader }: ScenarioOutcome): string[] {
  const problems: string[] = [];
  const repository = `${env.registry.host}/${OWNER.toLowerCase()}/server`;
  // Missing tags are reported by `published`; each tag there must hold its own variant.
  for (const tag of reader.tags(repository).filter(t => [...MAIN_TAGS, ...ALPINE_TAGS].includes(t))) {
    const expected = ALPINE_TAGS.includes(tag) ? 'alpine' : 'main';
    for (const platform of BOTH) {
      const variant = reader.config(`${repository}:${tag}`, platform).config?.Labels?.variant;
      if (variant !== expected) problems.push(`${repository}:${tag} (${platform}) was built from the ${variant} Dockerfile, expected ${expected}`);
    }
  }
  return problems;
}

export const VARIANT_SCENARIOS: Scenario[] = [
  {
    name: 'variants',
    owner: OWNER,
    options: () => ({
      tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')],
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
    }),
    event: Events.tagPush('v1.2.3'),
    files: {
      ...SCRATCH_FILES,
      'Dockerfile': `${SCRATCH_DOCKERFILE}LABEL variant=main\n`,
      'Dockerfile.alpine': `${SCRATCH_DOCKERFILE}LABEL variant=alpine\n`,
    },
    expect: {
      success: true,
      published: env => [{ repository: `${env.registry.host}/${OWNER.toLowerCase()}/server`, tags: [...MAIN_TAGS, ...ALPINE_TAGS], platforms: BOTH }],
      verify: verifyVariants,
    },
  },
];
