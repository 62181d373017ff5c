import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'projen';
import { MultiArchImagePublisher } from '../src';
import { CUSTOM_RUNNER_LABELS, sweepCases } from './support/option-space';
import { checkWorkflows, formatFindings, runZizmor } from './support/workflow-checks';
import { freshOutdir, newProject } from './util';

/**
 * Every workflow the option sweep generates must pass actionlint (with
 * shellcheck), zizmor (default persona) and GitHub's own parser with zero
 * findings.
 */
test('every workflow in the option sweep is clean under actionlint, zizmor and the official parser', () => {
  const cases = sweepCases();
  const dir = freshOutdir();
  const files: string[] = [];
  const titles = new Map<string, string>();
  for (const sweepCase of cases) {
    const project = newProject();
    const publisher = new MultiArchImagePublisher(project, sweepCase.options);
    const text = Testing.synth(project)[publisher.workflow.file!.path];
    const file = path.join(dir, `${sweepCase.options.workflowName}.yml`);
    fs.writeFileSync(file, text);
    files.push(file);
    titles.set(file, sweepCase.title);
  }

  const findings = checkWorkflows(files, CUSTOM_RUNNER_LABELS);
  const explained = findings.map(f => ({ ...f, message: `[${titles.get(f.file)}] ${f.message}` }));
  // Printed so a run shows how much was checked.
  console.log(`option sweep: ${files.length} workflows checked with actionlint+shellcheck, zizmor and @actions/workflow-parser; ${findings.length} findings`);
  expect(formatFindings(explained)).toBe('');
  expect(files.length).toBeGreaterThanOrEqual(250);

  // Beyond what is required: zizmor's pedantic persona (documented permissions,
  // concurrency limits, ...) finds nothing either.
  const pedantic = runZizmor(files, 'pedantic');
  console.log(`option sweep: zizmor --persona pedantic: ${pedantic.length} findings`);
  expect(formatFindings(pedantic)).toBe('');
});
