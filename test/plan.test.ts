import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'projen';
import { MultiArchImagePublisher, MultiArchImagePublisherOptions, Runner } from '../src';
import { sweepCases } from './support/option-space';
import { seedOptions } from './support/seed-options';
import { freshOutdir, newProject } from './util';
import { createProject } from '../examples/qm-nmr-calc/.projenrc';

const SUMMARIZE = path.join(__dirname, '..', 'scripts', 'summarize-workflow.mjs');
const PLAN = '.projen/images-plan-publish-images.txt';

/**
 * What scripts/summarize-workflow.mjs reads back from the generated YAML,
 * without the triggers (the plan is about images, runners and jobs).
 */
function summaryOf(workflowFile: string, text: string): string {
  const dir = freshOutdir();
  fs.mkdirSync(path.join(dir, path.dirname(workflowFile)), { recursive: true });
  fs.writeFileSync(path.join(dir, workflowFile), text);
  const summary = execFileSync('node', [SUMMARIZE, workflowFile], { cwd: dir, encoding: 'utf-8' });
  return summary.split('\n').filter(line => !line.startsWith('Triggers  ')).join('\n');
}

/** The plan file and the summary read back from the workflow of one synthesized project. */
function planAndSummary(project = newProject(), options?: MultiArchImagePublisherOptions) {
  const publisher = options ? new MultiArchImagePublisher(project, options) : undefined;
  const files = Testing.synth(project, { parseJson: false });
  const workflowFile = publisher?.workflow.file!.path ?? '.github/workflows/publish-images.yml';
  const planFile = `.projen/images-plan-${path.basename(workflowFile, '.yml')}.txt`;
  return { files, plan: files[planFile], summary: summaryOf(workflowFile, files[workflowFile]) };
}

/** Runners the summary script can read back (from a group, `runs-on` is a JSON expression). */
const noGroup = (runner?: Runner) => runner?.groupName === undefined;
/** The plan lists a runner's labels as `a, b`, the YAML as `a,b`; columns widen to match. */
const layoutFree = (text: string) => text.replace(/, /g, ',').replace(/ +/g, ' ');

describe('the images:plan task', () => {
  test('the example\'s plan is what the summary script reads back from its workflow', () => {
    const { plan, summary } = planAndSummary(createProject(freshOutdir()));
    expect(plan).toBe(summary);
    expect(plan).toContain('linux/arm64  ubuntu-24.04-arm  Dockerfile.worker.arm64');
    expect(plan).toContain('linux/arm64  ubuntu-24.04  Dockerfile.api  QEMU');
    expect(plan).toContain('critical path: build-qm-nmr-calc-worker -> merge-qm-nmr-calc-worker (2 jobs)');
  });

  test('the plan agrees with the workflow across a sample of the option sweep', () => {
    // Every fifteenth case: each image shape and trigger set is still met several times.
    // (Cases in projects with projen's release are left out: their pipeline is in the release workflow.)
    const cases = sweepCases().filter((_, n) => n % 15 === 0).filter(({ options, project }) => project === undefined && noGroup(options.defaultRunner)
      && (options.platformRunners ?? []).every(entry => noGroup(entry.runner))
      && (options.images ?? []).every(image => (image.platformOverrides ?? []).every(override => noGroup(override.runner))));
    expect(cases.length).toBeGreaterThan(10);
    for (const { title, options } of cases) {
      const { plan, summary } = planAndSummary(newProject(), options);
      expect(`${title}\n${layoutFree(plan)}`).toBe(`${title}\n${layoutFree(summary)}`);
    }
  });

  test('the task re-synthesizes without post-synthesis steps, then prints every publisher\'s plan with plain node', () => {
    const project = newProject();
    new MultiArchImagePublisher(project, seedOptions());
    new MultiArchImagePublisher(project, { ...seedOptions(), workflowName: 'nightly' });
    const tasks = JSON.parse(Testing.synth(project, { parseJson: false })['.projen/tasks.json']).tasks;
    expect(tasks['images:plan']).toEqual(expect.objectContaining({
      env: { PROJEN_DISABLE_POST: 'true' },
      steps: [
        { spawn: 'default' },
        expect.objectContaining({ exec: `node -e "process.stdout.write(require('fs').readFileSync('${PLAN}', 'utf-8'))"` }),
        expect.objectContaining({ exec: expect.stringContaining('.projen/images-plan-nightly.txt') }),
      ],
    }));
  });

  test('the print step works in a directory holding only the plan file', () => {
    const project = newProject();
    new MultiArchImagePublisher(project, seedOptions());
    const files = Testing.synth(project, { parseJson: false });
    const dir = freshOutdir();
    fs.mkdirSync(path.join(dir, '.projen'));
    fs.writeFileSync(path.join(dir, PLAN), files[PLAN]);
    const exec = JSON.parse(files['.projen/tasks.json']).tasks['images:plan'].steps[1].exec;
    expect(execFileSync('bash', ['-c', exec], { cwd: dir, encoding: 'utf-8' })).toBe(files[PLAN]);
  });
});
