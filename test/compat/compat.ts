import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project, Testing } from 'projen';
import { GitHub } from 'projen/lib/github';
import { RECORDED_CONSUMERS } from './consumers';
import { MultiArchImagePublisher } from '../../src';

/**
 * The compatibility check's pieces, shared by test/compat.test.ts and
 * scripts/record-workflow-change.ts.
 */
export const REPO_ROOT = path.join(__dirname, '..', '..');
export const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'compat', 'golden');
export const CHANGES_FILE = path.join(REPO_ROOT, 'docs', 'workflow-changes.md');
export const RECORD_COMMAND = 'npx ts-node --project projenrc/tsconfig.json scripts/record-workflow-change.ts "<what changed>" "<what a user must do>"';

/** The workflow a recorded consumer gets from the library as it is now. */
export function synthConsumer(name: string): string {
  const project = new Project({ name, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'compat-')) });
  new GitHub(project);
  const publisher = new MultiArchImagePublisher(project, RECORDED_CONSUMERS[name]());
  return Testing.synth(project)[publisher.workflow.file!.path];
}

export function goldenPath(name: string): string {
  return path.join(GOLDEN_DIR, `${name}.yml`);
}

/**
 * Pins may move between versions without notice: an action's SHA and its
 * version comment are replaced by a placeholder before comparing.
 */
export function withoutPins(workflow: string): string {
  return workflow.replace(/^(\s*(?:- )?uses: [^@\s]+)@[0-9a-f]{40}(?: # \S+)?$/gm, '$1@<pin>');
}

/** One short hash over every golden workflow (pins left out), recorded with each documented change. */
export function fingerprint(goldens: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(goldens).sort()) {
    hash.update(`${name}\n${withoutPins(goldens[name])}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** The fingerprints the documented changes record, oldest first. */
export function recordedFingerprints(): string[] {
  const text = fs.readFileSync(CHANGES_FILE, 'utf-8');
  return [...text.matchAll(/<!-- goldens: ([0-9a-f]{16}) -->/g)].map(match => match[1]);
}
