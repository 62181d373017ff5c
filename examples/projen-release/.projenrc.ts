// TypeScript 6 loads no @types by default; `require.main` below needs Node's.
/// <reference types="node" />
import { javascript, typescript } from 'projen';
import { MultiArchImagePublisher, Platform, TagRule } from 'projen-multiarch-publisher';

/**
 * A TypeScript service that projen releases from `main` (and pre-releases
 * from `next`); each new version also publishes its two images.
 */
export function createProject(outdir?: string): typescript.TypeScriptProject {
  const project = new typescript.TypeScriptProject({
    name: 'acme-service',
    defaultReleaseBranch: 'main',
    packageManager: javascript.NodePackageManager.NPM,
    projenrcTs: true,
    release: true,
    majorVersion: 1,
    releaseBranches: { next: { majorVersion: 2, prerelease: 'beta', tagPrefix: 'next-' } },
    devDeps: ['projen-multiarch-publisher'],
    sampleCode: false,
    outdir,
  });

  new MultiArchImagePublisher(project, {
    projenRelease: true,
    // A manual run republishes a release by its Git tag; pull requests build without pushing.
    triggers: { pullRequest: true, workflowDispatch: true },
    tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')], // `latest` comes from latest=auto
    images: [
      { name: 'acme-api', target: 'api', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
      { name: 'acme-worker', target: 'worker', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
    ],
  });

  return project;
}

if (require.main === module) {
  createProject().synth();
}
