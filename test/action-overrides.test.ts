import { Testing } from 'projen';
import { GitHub } from 'projen/lib/github';
import * as YAML from 'yaml';
import { MultiArchImagePublisher, MultiArchImagePublisherOptions } from '../src';
import { ACTIONS, uses } from '../src/actions';
import { mirrorOverrides } from './support/option-space';
import { seedOptions } from './support/seed-options';
import { newProject } from './util';

const MIRROR = 'mirror/build-push@0123456789abcdef0123456789abcdef01234567';
const OTHER = 'mirror/other@89abcdef0123456789abcdef0123456789abcdef';
/** The seed with pull-request checks too, so every kind of job has a build step. */
const OPTIONS: MultiArchImagePublisherOptions = { ...seedOptions(), triggers: { tags: ['v*'], pullRequest: true } };

/** Synthesizes OPTIONS after calling `configure` on the project's actions provider. */
function synthWith(configure: (actions: GitHub['actions']) => void): { text: string; steps: any[] } {
  const project = newProject();
  const publisher = new MultiArchImagePublisher(project, OPTIONS);
  // After the component, as a projenrc usually does it: overrides are read at synthesis.
  configure(GitHub.of(project)!.actions);
  const text = Testing.synth(project)[publisher.workflow.file!.path];
  const jobs = Object.values(YAML.parse(text).jobs) as any[];
  return { text, steps: jobs.flatMap(job => job.steps) };
}

const usesLines = (text: string) => text.split('\n').filter(line => /^\s*(- )?uses: /.test(line)).map(line => line.trim());
/** Build steps by name: every job that builds has one (publishing or checking a pull request). */
const buildSteps = (steps: any[]) => steps.filter(step => /^Build (and push|every platform|without pushing)/.test(step.name));

describe('project.github.actions.set() overrides our pins', () => {
  const plain = synthWith(() => {});

  test('without overrides every build step uses the catalog pin, with its version comment', () => {
    expect(buildSteps(plain.steps).length).toBe(4); // api, worker, and their pull-request checks
    expect(buildSteps(plain.steps).map(step => step.uses)).toEqual(Array(4).fill(uses(ACTIONS.buildPush)));
    expect(plain.text).toContain(`uses: ${uses(ACTIONS.buildPush)} # ${ACTIONS.buildPush.version}`);
  });

  test('the bare name replaces every build step and leaves no version comment behind', () => {
    const { text, steps } = synthWith(actions => actions.set('docker/build-push-action', MIRROR));
    expect(buildSteps(steps).map(step => step.uses)).toEqual(Array(4).fill(MIRROR));
    expect(text).not.toContain('docker/build-push-action');
    const mirrored = usesLines(text).filter(line => line.includes(MIRROR));
    expect(mirrored.length).toBe(4);
    expect(mirrored.every(line => line === `uses: ${MIRROR}`)).toBe(true);
    // Nothing else moved: every other line is as before.
    expect(text.replace(/uses: mirror\/build-push@\w+/g, `uses: ${uses(ACTIONS.buildPush)} # ${ACTIONS.buildPush.version}`)).toBe(plain.text);
  });

  test.each([
    ['the exact ref we write', uses(ACTIONS.buildPush)],
    ['the release', `docker/build-push-action@${ACTIONS.buildPush.version}`],
    ['the major line', `docker/build-push-action@${ACTIONS.buildPush.version.split('.')[0]}`],
  ])('%s is a key too, and wins over the bare name', (_what, key) => {
    const { steps } = synthWith(actions => {
      actions.set('docker/build-push-action', OTHER);
      actions.set(key, MIRROR);
    });
    expect(buildSteps(steps).map(step => step.uses)).toEqual(Array(4).fill(MIRROR));
  });

  test('an override of another major line or another action leaves the pin alone', () => {
    const { text } = synthWith(actions => {
      actions.set('docker/build-push-action@v1', MIRROR);
      actions.set('docker/build-push', MIRROR);
    });
    expect(text).toBe(plain.text);
  });

  test('an override back to a catalog ref keeps that ref\'s own (correct) version comment', () => {
    const { text } = synthWith(actions => actions.set('docker/build-push-action', uses(ACTIONS.checkout)));
    expect(usesLines(text).filter(line => line.startsWith(`uses: ${uses(ACTIONS.checkout)}`))
      .every(line => line === `uses: ${uses(ACTIONS.checkout)} # ${ACTIONS.checkout.version}`)).toBe(true);
  });

  test('a GitHub Enterprise mirror of every action: no uses outside the mirror, no version comment', () => {
    const { text } = synthWith(actions => {
      for (const [action, mirror] of Object.entries(mirrorOverrides())) {
        actions.set(action, mirror);
      }
    });
    const lines = usesLines(text);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter(line => !/^uses: ghe-mirror\/[\w.-]+@[0-9a-f]{40}$/.test(line))).toEqual([]);
  });

  test('an escape-hatch step replacement wins over the provider', () => {
    const project = newProject();
    const publisher = new MultiArchImagePublisher(project, OPTIONS);
    GitHub.of(project)!.actions.set('docker/build-push-action', MIRROR);
    publisher.workflow.file!.addOverride('jobs.build-qm-nmr-calc-api.steps.6.uses', 'escape/hatch@v1');
    const text = Testing.synth(project)[publisher.workflow.file!.path];
    expect(YAML.parse(text).jobs['build-qm-nmr-calc-api'].steps[6].uses).toBe('escape/hatch@v1');
  });
});
