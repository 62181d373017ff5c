/**
 * `triggers.release`: a published GitHub release publishes its tag exactly as
 * a push of that tag would.
 */
import { BuildStrategy, Platform, TagRule } from '../src';
import { describeRun, Events, RunResult, runWorkflow } from './harness';
import { synthWorkflow } from './util';

const TAGS = [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')];
const IMAGES = [
  { name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
  { name: 'tool', strategy: BuildStrategy.EMULATED },
];

function tagsOf(result: RunResult): string[] {
  return Object.keys(result.registry).sort();
}

describe('triggers.release', () => {
  const { workflow } = synthWorkflow({ triggers: { release: true }, tags: TAGS, images: IMAGES });

  test('renders on: release: types: [published]', () => {
    expect(workflow.on).toEqual({ release: { types: ['published'] } });
  });

  test('a published release of v1.4.0 publishes 1.4.0, 1.4 and latest for every image and platform', () => {
    const result = runWorkflow(workflow, { event: Events.release('v1.4.0'), owner: 'acme' });
    if (result.conclusion !== 'success') throw new Error(describeRun(result));
    const expected = ['app', 'tool'].flatMap(image => ['1.4', '1.4.0', 'latest'].map(tag => `ghcr.io/acme/${image}:${tag}`));
    expect(tagsOf(result)).toEqual(expected.sort());
    for (const ref of expected) expect([...result.registry[ref].platforms].sort()).toEqual(['linux/amd64', 'linux/arm64']);
  });

  test('a published pre-release publishes its version and never moves latest', () => {
    const result = runWorkflow(workflow, { event: Events.release('v2.0.0-rc.1'), owner: 'acme' });
    expect(result.conclusion).toBe('success');
    expect(tagsOf(result)).toEqual(['ghcr.io/acme/app:2.0.0-rc.1', 'ghcr.io/acme/tool:2.0.0-rc.1']);
  });

  test('other release activities and pushes do not run it', () => {
    expect(runWorkflow(workflow, { event: Events.release('v1.4.0', undefined, 'created') }).triggered).toBe(false);
    expect(runWorkflow(workflow, { event: Events.tagPush('v1.4.0') }).triggered).toBe(false);
  });

  test('must be a boolean', () => {
    expect(() => synthWorkflow({ triggers: { release: 'yes' as any }, images: IMAGES })).toThrow(/triggers\.release "yes" must be true or false/);
  });
});
