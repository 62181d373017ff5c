import { Testing } from 'projen';
import { NodePackageManager } from 'projen/lib/javascript';
import { TypeScriptProject, TypeScriptProjectOptions } from 'projen/lib/typescript';
import * as YAML from 'yaml';
import { MultiArchImagePublisher, MultiArchImagePublisherOptions } from '../../src';
import { freshOutdir } from '../util';

/** A TypeScript project released by projen from `main`. */
export function releasedProject(options: Partial<TypeScriptProjectOptions> = {}): TypeScriptProject {
  return new TypeScriptProject({
    name: 'consumer',
    defaultReleaseBranch: 'main',
    release: true,
    packageManager: NodePackageManager.NPM,
    outdir: freshOutdir(),
    ...options,
  });
}

/**
 * Released from two branches: `main` (major 1) and `next`, which releases
 * 2.0.0 beta versions under tags `next-v2.0.0-beta.N`.
 */
export function twoBranchProject(): TypeScriptProject {
  return releasedProject({
    majorVersion: 1,
    releaseBranches: { next: { majorVersion: 2, prerelease: 'beta', tagPrefix: 'next-' } },
  });
}

export interface ReleaseSynth {
  readonly publisher: MultiArchImagePublisher;
  /** Every file synthesized, path → text. */
  readonly files: Record<string, string>;
  /** Every workflow, file name (`release.yml`) → parsed. */
  readonly workflows: Record<string, any>;
}

/** Adds a publisher to `project` and synthesizes it. */
export function synthRelease(options: MultiArchImagePublisherOptions, project: TypeScriptProject = releasedProject()): ReleaseSynth {
  const publisher = new MultiArchImagePublisher(project, { projenRelease: true, ...options });
  const files = Testing.synth(project);
  const workflows: Record<string, any> = {};
  for (const [file, text] of Object.entries(files)) {
    if (file.startsWith('.github/workflows/')) workflows[file.slice('.github/workflows/'.length)] = YAML.parse(text);
  }
  return { publisher, files, workflows };
}
