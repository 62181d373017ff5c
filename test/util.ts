import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project, Testing } from 'projen';
import { GitHub } from 'projen/lib/github';
import { NodeProject } from 'projen/lib/javascript';
import * as YAML from 'yaml';
import { MultiArchImagePublisher, MultiArchImagePublisherOptions } from '../src';

/** A fresh directory per project: projen under jest would otherwise use (and wipe) the cwd. */
export function freshOutdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mai-test-'));
}

/** A minimal project with GitHub support, in a fresh temporary directory. */
export function newProject(): Project {
  const project = new Project({ name: 'consumer', outdir: freshOutdir() });
  new GitHub(project);
  return project;
}

/** A small projen Node project, closer to what users have. */
export function newNodeProject(): NodeProject {
  return new NodeProject({ name: 'consumer', defaultReleaseBranch: 'main', outdir: freshOutdir() });
}

export interface Synthesized {
  readonly path: string;
  readonly text: string;
  readonly workflow: any;
  readonly outdir: string;
}

/** Synthesizes a publisher with the given options and returns its workflow. */
export function synthWorkflow(options: MultiArchImagePublisherOptions, project: Project = newProject()): Synthesized {
  const publisher = new MultiArchImagePublisher(project, options);
  const files = Testing.synth(project);
  const rel = publisher.workflow.file!.path;
  const text = files[rel];
  return { path: path.join(project.outdir, rel), text, workflow: YAML.parse(text), outdir: project.outdir };
}

/** Asserts a plain Error (never a TypeError) whose message matches every pattern. */
export function expectError(run: () => unknown, ...patterns: RegExp[]): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(Error);
  expect((caught as Error).constructor).toBe(Error);
  for (const pattern of patterns) {
    expect((caught as Error).message).toMatch(pattern);
  }
}
