/**
 * Data flow through projen's release workflow with the image jobs in it.
 *
 * projen's own jobs run `npx projen release` and `gh release create`, which
 * the harness cannot run, so their steps are replaced by stand-ins that
 * leave what projen's steps leave: `dist/version.txt` and
 * `dist/releasetag.txt` uploaded as `build-artifact`, and the step outputs
 * (`check_tag_exists.exists`, `git_remote.latest_commit`) that projen's
 * job outputs, conditions and `needs` read. Those are kept as projen wrote them.
 */
import { BuildStrategy, Platform, RefEvent, TagRule } from '../src';
import { describeRun, Events, failedSteps, RunResult, runWorkflow, SimulatedEvent } from './harness';
import { synthRelease, twoBranchProject } from './support/projen-release';

const OWNER = 'Acme-Org';
const SHA = 'c0ffee5eed0fc0ffee5eed0fc0ffee5eed0fc0ff';
const TAGS = [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}'), TagRule.raw('latest')];
const IMAGES = [
  { name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64], platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: 'Dockerfile.arm64' }] },
  { name: 'tool', strategy: BuildStrategy.EMULATED },
];
const OUR_JOBS = ['build-app', 'merge-app', 'build-tool'];

interface ReleaseRun {
  /** What projen's release task wrote. */
  readonly version: string;
  readonly tag: string;
  /** The tag existed already (nothing new to release). */
  readonly tagExists?: boolean;
  /** The branch moved on while the release job ran. */
  readonly newerCommit?: boolean;
}

/** The release workflow with projen's steps replaced by stand-ins (see above). */
function withStandIns(workflow: any, run: ReleaseRun): any {
  const jobs = structuredClone(workflow.jobs);
  jobs.release.steps = [
    {
      name: 'Stand-in for the release task',
      env: { VERSION: run.version, TAG: run.tag },
      run: 'mkdir -p dist && printf %s "$VERSION" > dist/version.txt && printf %s "$TAG" > dist/releasetag.txt',
    },
    { name: 'Stand-in tag check', id: 'check_tag_exists', run: `echo "exists=${run.tagExists ? 'true' : 'false'}" >> "$GITHUB_OUTPUT"` },
    { name: 'Stand-in commit check', id: 'git_remote', run: `echo "latest_commit=${run.newerCommit ? 'feed' : SHA}" >> "$GITHUB_OUTPUT"` },
    { name: 'Stand-in upload', id: 'upload_artifact', uses: 'actions/upload-artifact@v4', with: { name: 'build-artifact', path: 'dist' } },
  ];
  jobs.release_github.steps = [{ name: 'Stand-in for gh release create', run: 'echo "gh release create $GITHUB_SHA"' }];
  return { ...workflow, jobs };
}

function publish(workflow: any, run: ReleaseRun, event: SimulatedEvent = Events.branchPush('main', SHA)): RunResult {
  return runWorkflow(withStandIns(workflow, run), { event, owner: OWNER });
}

function expectSuccess(result: RunResult): void {
  if (result.conclusion !== 'success') throw new Error(describeRun(result));
}

/** `image:tag` → sorted platforms. */
function published(result: RunResult): Record<string, string[]> {
  return Object.fromEntries(Object.entries(result.registry)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ref, tag]) => [ref.replace('ghcr.io/acme-org/', ''), [...tag.platforms].sort()]));
}

const BOTH = ['linux/amd64', 'linux/arm64'];

describe('projen released 1.4.0 from main', () => {
  const { workflows } = synthRelease({ tags: TAGS, images: IMAGES }, twoBranchProject());
  let result: RunResult;
  beforeAll(() => {
    result = publish(workflows['release.yml'], { version: '1.4.0', tag: 'v1.4.0' });
  });

  test('publishes 1.4.0, 1.4 and latest for every image and platform, after the release job', () => {
    expectSuccess(result);
    const expected = ['app', 'tool'].flatMap(image => ['1.4', '1.4.0', 'latest'].map(tag => [`${image}:${tag}`, BOTH]));
    expect(published(result)).toEqual(Object.fromEntries(expected));
    for (const job of OUR_JOBS) expect(result.jobs[job].status).toBe('success');
  });

  test('every leg reads the version from projen\'s build artifact and never downloads another image\'s digests', () => {
    const reads = result.downloads.filter(d => d.artifacts.includes('build-artifact'));
    expect(reads.map(d => d.job).sort()).toEqual(['build-app', 'build-app', 'build-tool', 'merge-app']);
    const merge = result.downloads.find(d => d.job === 'merge-app' && !d.artifacts.includes('build-artifact'))!;
    expect([...merge.artifacts].sort()).toEqual(['digests~app~linux-amd64', 'digests~app~linux-arm64']);
  });
});

describe('a run that released nothing new', () => {
  const { workflows } = synthRelease({ tags: TAGS, images: IMAGES });

  test('the tag existed: nothing is built, nothing logs in, nothing is published', () => {
    const result = publish(workflows['release.yml'], { version: '1.4.0', tag: 'v1.4.0', tagExists: true });
    expectSuccess(result);
    for (const job of OUR_JOBS) expect(result.jobs[job].status).toBe('skipped');
    expect(result.logins).toEqual([]);
    expect(result.builds).toEqual([]);
    expect(result.registry).toEqual({});
  });

  test('the branch moved on meanwhile: the next run publishes, this one does not', () => {
    const result = publish(workflows['release.yml'], { version: '1.4.0', tag: 'v1.4.0', newerCommit: true });
    expect(result.jobs['build-app'].status).toBe('skipped');
    expect(result.registry).toEqual({});
  });

  test('a dry run publishes nothing; a manual run that is not dry publishes', () => {
    const dry = publish(workflows['release.yml'], { version: '1.4.0', tag: 'v1.4.0' }, Events.workflowDispatch('main', { dry_run: 'true' }, SHA));
    expectSuccess(dry);
    for (const job of OUR_JOBS) expect(dry.jobs[job].status).toBe('skipped');
    expect(dry.logins).toEqual([]);
    expect(dry.registry).toEqual({});
    const real = publish(workflows['release.yml'], { version: '1.4.0', tag: 'v1.4.0' }, Events.workflowDispatch('main', { dry_run: 'false' }, SHA));
    expectSuccess(real);
    expect(Object.keys(published(real))).toContain('app:1.4.0');
  });
});

describe('the pre-release branch released next-v2.0.0-beta.3', () => {
  const { workflows } = synthRelease({ tags: TAGS, images: IMAGES }, twoBranchProject());

  test('publishes its own version and never moves latest', () => {
    const result = publish(workflows['release-next.yml'], { version: '2.0.0-beta.3', tag: 'next-v2.0.0-beta.3' }, Events.branchPush('next', SHA));
    expectSuccess(result);
    expect(published(result)).toEqual({ 'app:2.0.0-beta.3': BOTH, 'tool:2.0.0-beta.3': BOTH });
  });

  test('Git tag and commit rules give what a push of the release tag would give', () => {
    const rules = [TagRule.ref(RefEvent.TAG), TagRule.ref(RefEvent.BRANCH), TagRule.sha()];
    const images = [{ name: 'app', platforms: [Platform.LINUX_AMD64] }];
    const { workflows: byRef } = synthRelease({ tags: rules, images }, twoBranchProject());
    const next = publish(byRef['release-next.yml'], { version: '2.0.0-beta.3', tag: 'next-v2.0.0-beta.3' }, Events.branchPush('next', SHA));
    expectSuccess(next);
    expect(Object.keys(published(next))).toEqual(['app:next-v2.0.0-beta.3', 'app:sha-c0ffee5']);
    const main = publish(byRef['release.yml'], { version: '1.4.0', tag: 'v1.4.0' });
    expectSuccess(main);
    expect(Object.keys(published(main))).toEqual(['app:latest', 'app:sha-c0ffee5', 'app:v1.4.0']);
  });
});

describe('a release file that is not what projen writes', () => {
  const { workflows } = synthRelease({ tags: TAGS, images: IMAGES });

  test('stops every job before it logs in', () => {
    const result = publish(workflows['release.yml'], { version: '1.4.0"; rm -rf ~; "', tag: 'v1.4.0' });
    expect(result.conclusion).toBe('failure');
    const failed = failedSteps(result);
    expect([...new Set(failed.map(f => f.step))]).toEqual(['Read the release version']);
    expect(failed[0].errors).toEqual([expect.stringMatching(/is not a semantic version/)]);
    expect(result.logins).toEqual([]);
    expect(result.registry).toEqual({});
  });
});

describe('republishing a release by hand', () => {
  const { workflows } = synthRelease({ tags: TAGS, images: IMAGES, triggers: { workflowDispatch: true } }, twoBranchProject());
  const own = workflows['publish-images.yml'];

  test('v1.4.0 publishes 1.4.0 and 1.4 again, and latest stays where it is', () => {
    const result = runWorkflow(own, { event: Events.workflowDispatch('main', { version: 'v1.4.0' }, SHA), owner: OWNER });
    expectSuccess(result);
    expect(published(result)).toEqual({ 'app:1.4': BOTH, 'app:1.4.0': BOTH, 'tool:1.4': BOTH, 'tool:1.4.0': BOTH });
  });

  test('a pre-release tag with its prefix publishes its version', () => {
    const result = runWorkflow(own, { event: Events.workflowDispatch('main', { version: 'next-v2.0.0-beta.3' }, SHA), owner: OWNER });
    expectSuccess(result);
    expect(Object.keys(published(result))).toEqual(['app:2.0.0-beta.3', 'tool:2.0.0-beta.3']);
  });

  test.each([['1.4.0'], ['v1.4'], ['other-v1.4.0'], ['v1.4.0$(id)'], ['v1.4.0\nlatest']])('refuses %j before anything logs in or is checked out', input => {
    const result = runWorkflow(own, { event: Events.workflowDispatch('main', { version: input }, SHA), owner: OWNER });
    expect(result.conclusion).toBe('failure');
    expect([...new Set(failedSteps(result).map(f => f.step))]).toEqual(['Read the requested version']);
    for (const leg of result.legs) expect(leg.steps.filter(s => s.status !== 'skipped').map(s => s.name)).toEqual(['Read the requested version']);
    expect(result.logins).toEqual([]);
    expect(result.registry).toEqual({});
  });
});
