import { MultiArchImagePublisherOptions, Registry } from '../../../src';
import { seedOptions } from '../../support/seed-options';
import { Events } from '../act';
import { E2eEnvironment } from '../environment';
import { SCRATCH_DOCKERFILE, SCRATCH_FILES, Scenario } from '../scenario';

export const BOTH = ['linux/amd64', 'linux/arm64'];
export const SEMVER_TAGS = ['1.2', '1.2.3', 'latest'];

export const MIRROR_SECRETS = { usernameSecret: 'MIRROR_USERNAME', passwordSecret: 'MIRROR_PASSWORD' };

/** The run's second registry, under its own name and port, with its own user. */
export function mirror(env: E2eEnvironment, namespace: string): Registry {
  return Registry.custom({ ...MIRROR_SECRETS, host: env.secondRegistry.host, namespace });
}

export const SEED_FILES = {
  ...SCRATCH_FILES,
  'Dockerfile.api': SCRATCH_DOCKERFILE,
  'Dockerfile.worker': SCRATCH_DOCKERFILE,
  'Dockerfile.worker.arm64': SCRATCH_DOCKERFILE,
};

/** The seed configuration (test/support/seed-options.ts) as it is: GHCR, owner with capitals, tag v1.2.3. */
export function seedScenario(name: string, owner: string, changes: {
  fault?: string;
  files?: Record<string, string>;
  options?: Partial<MultiArchImagePublisherOptions>;
  success?: boolean;
  errors?: RegExp[];
  /** image -> the platforms its tags must hold; an image left out must have no tag. */
  published?: Record<string, string[]>;
} = {}): Scenario {
  const published = changes.published ?? { 'qm-nmr-calc-api': BOTH, 'qm-nmr-calc-worker': BOTH };
  return {
    name,
    owner,
    options: () => ({ ...seedOptions(), ...changes.options }),
    event: Events.tagPush('v1.2.3'),
    files: { ...SEED_FILES, ...changes.files },
    fault: changes.fault,
    expect: {
      success: changes.success ?? true,
      errors: changes.errors,
      published: env => Object.entries(published).map(([image, platforms]) =>
        ({ repository: `${env.registry.host}/${owner.toLowerCase()}/${image}`, tags: SEMVER_TAGS, platforms })),
    },
  };
}

