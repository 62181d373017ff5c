import { BuildStrategy, MultiArchImagePublisherOptions, Platform, RefEvent, Registry, Runner, TagRule } from '../../src';

/**
 * Consumer configurations recorded for the compatibility check: what users
 * wrote in their .projenrc, frozen. Never edit an entry to follow an API
 * change: an option that no longer compiles or no longer means the same is
 * exactly what this check exists to catch. Add new consumers instead.
 */
export const RECORDED_CONSUMERS: Record<string, () => MultiArchImagePublisherOptions> = {
  // The seed project (examples/qm-nmr-calc), as DESIGN.md has it.
  'qm-nmr-calc': () => ({
    workflowName: 'publish-images',
    triggers: { tags: ['v*'], workflowDispatch: true },
    registries: [Registry.ghcr()],
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
  }),

  // Defaults only: one image, GHCR, the default tag rules and triggers.
  'defaults': () => ({ images: [{ name: 'app' }] }),

  // Two registries, pull-request checks, branch edge tags and build inputs.
  'dockerhub-and-ghcr-with-pr-checks': () => ({
    workflowName: 'images',
    triggers: { branches: ['main'], tags: ['v*'], pullRequest: true },
    registries: [Registry.ghcr(), Registry.dockerHub({ namespace: 'acme' })],
    tags: [TagRule.ref(RefEvent.BRANCH), TagRule.semver('{{version}}'), TagRule.sha()],
    labels: { 'org.opencontainers.image.vendor': 'Acme' },
    images: [{
      name: 'server',
      context: 'server',
      buildArgs: { NODE_VERSION: '22' },
      target: 'runtime',
      platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7],
    }],
  }),

  // A private repository without arm64 runners, publishing to ECR from larger runners.
  'private-ecr-no-arm-runners': () => ({
    armRunners: false,
    defaultRunner: Runner.labels('x64-16-core'),
    registries: [Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/publish' })],
    triggers: { tags: ['release-*'], schedule: ['0 3 * * 1'] },
    images: [
      { name: 'worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
      { name: 'tools', strategy: BuildStrategy.EMULATED, platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
    ],
  }),
};
