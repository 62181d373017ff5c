import { BuildStrategy, MultiArchImagePublisherOptions, Platform, TagRule } from '../../src';

/**
 * The seed research doc's pipeline (test/fixtures/seed-workflow.yml) as
 * publisher options: the API image under QEMU, the worker on native runners
 * with its own arm64 Dockerfile, semver + `latest` tags, on `v*` tags.
 */
export function seedOptions(extraTriggers: { workflowDispatch?: boolean } = {}): MultiArchImagePublisherOptions {
  return {
    triggers: { tags: ['v*'], ...extraTriggers },
    tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}'), TagRule.raw('latest')],
    images: [
      { name: 'qm-nmr-calc-api', dockerfile: 'Dockerfile.api', strategy: BuildStrategy.EMULATED },
      {
        name: 'qm-nmr-calc-worker',
        dockerfile: 'Dockerfile.worker',
        platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
        platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: 'Dockerfile.worker.arm64' }],
      },
    ],
  };
}
