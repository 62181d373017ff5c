import * as fs from 'fs';
import * as path from 'path';
import { Project, Testing } from 'projen';
import { MultiArchImagePublisher } from '../src';
import { CUSTOM_RUNNER_LABELS, sweepCases } from './support/option-space';
import { checkWorkflows, Finding, formatFindings, runZizmor } from './support/workflow-checks';
import { freshOutdir, newProject } from './util';

const WORKFLOWS = '.github/workflows/';

/** Writes every workflow a synthesis produced into `dir`; returns the files. */
function writeWorkflows(files: Record<string, string>, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return Object.entries(files)
    .filter(([file]) => file.startsWith(WORKFLOWS))
    .map(([file, text]) => {
      const out = path.join(dir, file.slice(WORKFLOWS.length));
      fs.writeFileSync(out, text);
      return out;
    });
}

/**
 * The findings that the same project without the publisher does not have:
 * projen's own workflows (and projen's jobs in a release workflow) are
 * projen's, and a finding there is left out only when the baseline has
 * exactly the same one (file name, line, tool, rule, message).
 */
function addedFindings(findings: Finding[], caseDirs: Map<string, string>): Finding[] {
  const key = (f: Finding) => `${path.basename(f.file)}:${f.line}:${f.tool}:${f.rule}:${f.message}`;
  const baselineDirs = new Set(caseDirs.values());
  const baselines = new Map<string, string[]>();
  for (const f of findings) {
    const dir = path.dirname(f.file);
    if (baselineDirs.has(dir)) baselines.set(dir, [...baselines.get(dir) ?? [], key(f)]);
  }
  const unmatched = new Map<string, string[]>();
  return findings.filter(f => {
    const dir = path.dirname(f.file);
    const baselineDir = caseDirs.get(dir);
    if (baselineDir === undefined) return false;
    const left = unmatched.get(dir) ?? [...baselines.get(baselineDir) ?? []];
    unmatched.set(dir, left);
    const at = left.indexOf(key(f));
    if (at >= 0) left.splice(at, 1);
    return at < 0;
  });
}

/**
 * Every workflow the option sweep generates must pass actionlint (with
 * shellcheck), zizmor (default persona) and GitHub's own parser with zero
 * findings: the publisher's own workflow, and every other workflow file the
 * configuration writes (projen's release workflows carry our jobs with
 * `projenRelease`). Findings in projen's own jobs are compared with the same
 * project synthesized without the publisher: we add none.
 */
test('every workflow in the option sweep is clean under actionlint, zizmor and the official parser', () => {
  const cases = sweepCases();
  const root = freshOutdir();
  const files: string[] = [];
  const titles = new Map<string, string>();
  // Each case's directory → the directory of its project without the publisher (one per kind of project).
  const caseDirs = new Map<string, string>();
  const baselineDirs = new Map<() => Project, string>();
  for (const [n, sweepCase] of cases.entries()) {
    const makeProject = sweepCase.project ?? newProject;
    if (!baselineDirs.has(makeProject)) {
      const baselineDir = path.join(root, `without-${baselineDirs.size}`);
      baselineDirs.set(makeProject, baselineDir);
      files.push(...writeWorkflows(Testing.synth(makeProject()), baselineDir));
    }
    const project = makeProject();
    new MultiArchImagePublisher(project, sweepCase.options);
    const dir = path.join(root, `case-${n}`);
    const written = writeWorkflows(Testing.synth(project), dir);
    expect(written.length).toBeGreaterThan(0);
    caseDirs.set(dir, baselineDirs.get(makeProject)!);
    files.push(...written);
    for (const file of written) titles.set(file, sweepCase.title);
  }

  const findings = addedFindings(checkWorkflows(files, CUSTOM_RUNNER_LABELS), caseDirs);
  const explained = findings.map(f => ({ ...f, message: `[${titles.get(f.file)}] ${f.message}` }));
  // Printed so a run shows how much was checked.
  console.log(`option sweep: ${titles.size} workflows from ${cases.length} configurations checked with actionlint+shellcheck, zizmor and @actions/workflow-parser; ${findings.length} findings`);
  expect(formatFindings(explained)).toBe('');
  expect(titles.size).toBeGreaterThanOrEqual(250);

  // Beyond what is required: zizmor's pedantic persona (documented permissions,
  // concurrency limits, ...) finds nothing either.
  const pedantic = addedFindings(runZizmor(files, 'pedantic'), caseDirs);
  console.log(`option sweep: zizmor --persona pedantic: ${pedantic.length} findings`);
  expect(formatFindings(pedantic)).toBe('');
});
