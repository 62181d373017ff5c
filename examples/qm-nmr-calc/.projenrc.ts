// TypeScript 6 loads no @types by default; `require.main` below needs Node's.
/// <reference types="node" />
import { Project } from 'projen';
import { GitHub } from 'projen/lib/github';
import { ProjenrcTs } from 'projen/lib/typescript';
import { BuildStrategy, MultiArchImagePublisher, Platform, Registry, TagRule } from 'projen-multiarch-publisher';

/** The qm-nmr-calc repository: two images published to GHCR for amd64 and arm64. */
export function createProject(outdir?: string): Project {
  const project = new Project({ name: 'qm-nmr-calc', outdir });
  new ProjenrcTs(project); // `npx projen` runs this file with ts-node
  new GitHub(project, { pullRequestLint: false });
  project.gitignore.exclude('node_modules/');

  new MultiArchImagePublisher(project, {
    workflowName: 'publish-images',
    triggers: { tags: ['v*'], workflowDispatch: true },
    registries: [Registry.ghcr()],
    // `latest` comes from metadata-action's default flavor (latest=auto) on the highest release.
    tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')],
    images: [
      // Small image: both platforms in one job under QEMU.
      { name: 'qm-nmr-calc-api', dockerfile: 'Dockerfile.api', strategy: BuildStrategy.EMULATED },
      // 2.1 GB image: each platform on its own native runner, then merged.
      {
        name: 'qm-nmr-calc-worker',
        dockerfile: 'Dockerfile.worker',
        platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
        platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: 'Dockerfile.worker.arm64' }],
      },
    ],
  });

  return project;
}

if (require.main === module) {
  createProject().synth();
}
