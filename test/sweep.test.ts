import * as fs from 'fs';
import * as path from 'path';
import { Project, Testing } from 'projen';
import { GitHub } from 'projen/lib/github';
import { MultiArchImagePublisher } from '../src';
import { CUSTOM_RUNNER_LABELS, supplyChainCases, sweepCases } from './support/option-space';
import { checkWorkflows, Finding, formatFindings, runZizmor } from './support/workflow-checks';
import { freshOutdir, newProject } from './util';

const WORKFLOWS = '.github/workflows/';

/** The workflows a synthesis produced: file name → text. */
function workflowsOf(files: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(files)
    .filter(([file]) => file.startsWith(WORKFLOWS))
    .map(([file, text]) => [file.slice(WORKFLOWS.length), text]));
}

/** Writes workflows into `dir`, except those identical to `unchanged`'s; returns the files. */
function writeWorkflows(workflows: Map<string, string>, dir: string, unchanged = new Map<string, string>()): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return [...workflows]
    .filter(([name, text]) => unchanged.get(name) !== text)
    .map(([name, text]) => {
      const out = path.join(dir, name);
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
  const cases = [...sweepCases(), ...supplyChainCases()];
  const root = freshOutdir();
  const files: string[] = [];
  const titles = new Map<string, string>();
  // Each case's directory → the directory of its project without the publisher (one per kind of project).
  const caseDirs = new Map<string, string>();
  const baselines = new Map<() => Project, { dir: string; workflows: Map<string, string> }>();
  for (const [n, sweepCase] of cases.entries()) {
    const makeProject = sweepCase.project ?? newProject;
    if (!baselines.has(makeProject)) {
      const baseline = { dir: path.join(root, `without-${baselines.size}`), workflows: workflowsOf(Testing.synth(makeProject())) };
      baselines.set(makeProject, baseline);
      files.push(...writeWorkflows(baseline.workflows, baseline.dir));
    }
    const baseline = baselines.get(makeProject)!;
    const project = makeProject();
    new MultiArchImagePublisher(project, sweepCase.options);
    for (const [action, override] of Object.entries(sweepCase.actionOverrides ?? {})) {
      GitHub.of(project)!.actions.set(action, override);
    }
    const dir = path.join(root, `case-${n}`);
    // A workflow the publisher left exactly as projen wrote it is checked once, with the baseline.
    const workflows = workflowsOf(Testing.synth(project));
    if (sweepCase.actionOverrides) {
      // Every `uses:` of the publisher's workflow went through the overrides: none is left outside the mirror, none keeps a version comment.
      const text = workflows.get(`${sweepCase.options.workflowName ?? 'publish-images'}.yml`)!;
      expect(text.split('\n').filter((line: string) => /uses: /.test(line) && !/uses: ghe-mirror\/[\w.-]+@[0-9a-f]{40}$/.test(line))).toEqual([]);
    }
    const written = writeWorkflows(workflows, dir, baseline.workflows);
    expect(written.length).toBeGreaterThan(0);
    caseDirs.set(dir, baseline.dir);
    files.push(...written);
    for (const file of written) titles.set(file, sweepCase.title);
  }

  const findings = addedFindings(checkWorkflows(files, CUSTOM_RUNNER_LABELS), caseDirs);
  const explained = findings.map(f => ({ ...f, message: `[${titles.get(f.file)}] ${f.message}` }));
  // Printed so a run shows how much was checked.
  console.log(`option sweep: ${titles.size} workflows from ${cases.length} configurations checked with actionlint+shellcheck, zizmor and @actions/workflow-parser; ${findings.length} findings`);
  expect(formatFindings(explained)).toBe('');
  expect(titles.size).toBeGreaterThanOrEqual(250 + 384);

  // Beyond what is required: zizmor's pedantic persona (documented permissions,
  // concurrency limits, ...) finds nothing either.
  const pedantic = addedFindings(runZizmor(files, 'pedantic'), caseDirs);
  console.log(`option sweep: zizmor --persona pedantic: ${pedantic.length} findings`);
  expect(formatFindings(pedantic)).toBe('');
});
