/**
 * `projenRelease`: the publishing jobs sit in projen's own release
 * workflows, one per release branch, on real projen projects.
 */
import { Project, Testing } from 'projen';
import { GitHub } from 'projen/lib/github';
import * as YAML from 'yaml';
import { BuildStrategy, LatestTag, MultiArchImagePublisher, Platform, TagRule } from '../src';
import { releasedProject, synthRelease, twoBranchProject } from './support/projen-release';
import { freshOutdir } from './util';

const TAGS = [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}'), TagRule.raw('latest')];
const IMAGES = [
  { name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64] },
  { name: 'tool', strategy: BuildStrategy.EMULATED },
];
const CONDITION = "needs.release.outputs.tag_exists != 'true' && needs.release.outputs.latest_commit == github.sha && !inputs.dry_run";
const OUR_JOBS = ['build-app', 'merge-app', 'build-tool'];

function stepNamed(job: any, name: string): any {
  const step = job.steps.find((s: any) => s.name === name);
  if (!step) throw new Error(`no step "${name}" in ${JSON.stringify(job.steps.map((s: any) => s.name))}`);
  return step;
}

function jobsWithout(workflow: any, ids: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(workflow.jobs).filter(([id]) => !ids.includes(id)));
}

describe('a TypeScriptProject with release: true', () => {
  const { files, workflows, publisher } = synthRelease({ tags: TAGS, images: IMAGES });
  const release = workflows['release.yml'];

  test('writes no workflow of its own, and says so when asked for one', () => {
    expect(Object.keys(workflows).sort()).toEqual(['build.yml', 'pull-request-lint.yml', 'release.yml', 'upgrade-main.yml']);
    expect(publisher.hasWorkflow).toBe(false);
    expect(() => publisher.workflow).toThrow(/no workflow "publish-images".*publisher\.releaseWorkflows/);
    expect(publisher.releaseWorkflows.map(w => w.file?.path)).toEqual(['.github/workflows/release.yml']);
  });

  test("adds the image jobs after projen's, which stay exactly as projen writes them", () => {
    expect(Object.keys(release.jobs)).toEqual(['release', 'release_github', ...OUR_JOBS]);
    const plain = releasedProject();
    const alone = YAML.parse(Testing.synth(plain)['.github/workflows/release.yml']);
    expect(jobsWithout(release, OUR_JOBS)).toEqual(alone.jobs);
    expect({ ...release, jobs: undefined }).toEqual({ ...alone, jobs: undefined });
  });

  test('the first jobs need the release job and run only when it released a new version, never on a dry run', () => {
    for (const id of ['build-app', 'build-tool']) {
      expect(release.jobs[id].needs).toBe('release');
      expect(release.jobs[id].if).toBe(CONDITION);
    }
    expect(release.jobs['merge-app'].needs).toBe('build-app');
    // projen's publishers use the same condition, minus the dry run (their release step skips it).
    expect(CONDITION.startsWith(release.jobs.release_github.if)).toBe(true);
  });

  test('builds check out the released commit and tag from the released version', () => {
    for (const id of ['build-app', 'build-tool']) {
      const job = release.jobs[id];
      expect(stepNamed(job, 'Check out the repository').with).toEqual({ 'ref': '${{ needs.release.outputs.latest_commit }}', 'persist-credentials': false });
      expect(job.steps.slice(0, 2).map((s: any) => s.name)).toEqual(['Download the release version', 'Read the release version']);
      expect(stepNamed(job, 'Download the release version').with).toEqual({ name: 'build-artifact', path: '${{ runner.temp }}/release' });
    }
    expect(stepNamed(release.jobs['merge-app'], 'Compute tags, labels and annotations').with.tags.split('\n')).toEqual([
      'type=semver,pattern={{version}},value=${{ steps.release.outputs.version }}',
      'type=semver,pattern={{major}}.{{minor}},value=${{ steps.release.outputs.version }}',
      'type=raw,value=latest',
    ]);
  });

  test("digest artifacts never collide with projen's build-artifact, and permissions are least privilege on our jobs only", () => {
    expect(stepNamed(release.jobs['build-app'], 'Upload the digest').with.name).toBe('digests~app~${{ matrix.pair }}');
    for (const id of OUR_JOBS) expect(release.jobs[id].permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(release.jobs.release.permissions).toEqual({ contents: 'write' });
  });

  test('our pins and permissions carry their comments; projen lines carry none', () => {
    const text = files['.github/workflows/release.yml'];
    expect(text).toMatch(/uses: docker\/build-push-action@[0-9a-f]{40} # v\d/);
    expect(text).toMatch(/ {6}packages: write # push images to GitHub Packages \(GHCR\)/);
    const projenPart = text.slice(0, text.indexOf('\n  build-app:'));
    expect(projenPart).not.toMatch(/ # /);
  });
});

describe('two release branches, one a pre-release with a tag prefix', () => {
  const { workflows } = synthRelease({ tags: TAGS, images: IMAGES }, twoBranchProject());

  test('each release workflow carries the image jobs', () => {
    for (const file of ['release.yml', 'release-next.yml']) {
      const workflow = workflows[file];
      expect(Object.keys(workflow.jobs)).toEqual(['release', 'release_github', ...OUR_JOBS]);
      expect(workflow.jobs['build-app'].needs).toBe('release');
      expect(workflow.jobs['build-app'].if).toBe(CONDITION);
    }
    expect(workflows['release-next.yml'].on.push.branches).toEqual(['next']);
  });

  test('the final branch may move latest; the pre-release branch never does', () => {
    const meta = (file: string) => stepNamed(workflows[file].jobs['merge-app'], 'Compute tags, labels and annotations').with;
    expect(meta('release.yml').tags).toContain('type=raw,value=latest');
    expect(meta('release.yml').flavor).toBeUndefined();
    expect(meta('release-next.yml').tags).not.toContain('latest');
    expect(meta('release-next.yml').flavor).toBe('latest=false');
  });
});

describe('release branches added after the publisher', () => {
  const project = releasedProject({ majorVersion: 2 });
  const publisher = new MultiArchImagePublisher(project, { projenRelease: true, tags: TAGS, images: IMAGES });
  project.release!.addBranch('v1', { majorVersion: 1 });
  const files = Testing.synth(project);

  test('get the image jobs too, and a maintenance branch never moves latest', () => {
    const v1 = YAML.parse(files['.github/workflows/release-v1.yml']);
    expect(Object.keys(v1.jobs)).toEqual(['release', 'release_github', ...OUR_JOBS]);
    expect(stepNamed(v1.jobs['merge-app'], 'Compute tags, labels and annotations').with.flavor).toBe('latest=false');
    const main = YAML.parse(files['.github/workflows/release.yml']);
    expect(stepNamed(main.jobs['merge-app'], 'Compute tags, labels and annotations').with.flavor).toBeUndefined();
    expect(publisher.releaseWorkflows.map(w => w.name)).toEqual(['release', 'release-v1']);
  });
});

describe('escape hatches', () => {
  test("an override through releaseWorkflows reaches our job in projen's workflow", () => {
    const project = releasedProject();
    const publisher = new MultiArchImagePublisher(project, { projenRelease: true, tags: TAGS, images: IMAGES });
    publisher.releaseWorkflows[0].file!.addOverride('jobs.build-app.timeout-minutes', 90);
    const release = YAML.parse(Testing.synth(project)['.github/workflows/release.yml']);
    expect(release.jobs['build-app']['timeout-minutes']).toBe(90);
  });
});

describe('checks and manual republishing beside projen releases', () => {
  const triggers = { pullRequest: true, workflowDispatch: true };
  const { workflows, publisher } = synthRelease({ tags: TAGS, images: IMAGES, triggers }, twoBranchProject());
  const own = workflows['publish-images.yml'];

  test('write a workflow of its own with pull-request checks and a version input', () => {
    expect(publisher.hasWorkflow).toBe(true);
    expect(own.on).toEqual({
      pull_request: {},
      workflow_dispatch: { inputs: { version: { description: expect.stringMatching(/Git tag, e\.g\. v1\.4\.0/), required: true, type: 'string' } } },
    });
    expect(Object.keys(own.jobs).sort()).toEqual(['build-app', 'build-tool', 'check-app', 'check-tool', 'merge-app']);
  });

  test('the republishing jobs check the input first, pass it only through env, check out that tag and never move latest', () => {
    const build = own.jobs['build-app'];
    expect(build.if).toBe("github.event_name != 'pull_request'");
    expect(build.needs).toBeUndefined();
    const read = build.steps[0];
    expect(read).toMatchObject({ name: 'Read the requested version', id: 'release', env: { REQUESTED_TAG: '${{ inputs.version }}', TAG_PREFIXES: 'next-\n' } });
    expect(read.run).not.toContain('${{');
    expect(stepNamed(build, 'Check out the repository').with.ref).toBe('refs/tags/${{ steps.release.outputs.git_tag }}');
    const meta = stepNamed(own.jobs['merge-app'], 'Compute tags, labels and annotations').with;
    expect(meta.flavor).toBe('latest=false');
    expect(meta.tags).not.toContain('latest');
  });
});

describe('publishTogether in projen\'s release workflows', () => {
  test('each merge job of the release (and of the republish workflow) needs every image\'s check', () => {
    const { workflows } = synthRelease({ tags: TAGS, images: IMAGES, publishTogether: true, triggers: { workflowDispatch: true } });
    for (const workflow of [workflows['release.yml'], workflows['publish-images.yml']]) {
      expect([...workflow.jobs['merge-app'].needs].sort()).toEqual(['build-app', 'build-tool', 'plan-app']);
      expect([...workflow.jobs['merge-tool'].needs].sort()).toEqual(['build-tool', 'plan-app']);
    }
  });
});

describe('projenRelease refuses', () => {
  test('a project without a projen release, saying how to enable releases', () => {
    const project = new Project({ name: 'plain', outdir: freshOutdir() });
    new GitHub(project);
    new MultiArchImagePublisher(project, { projenRelease: true, images: IMAGES });
    let caught: unknown;
    try {
      Testing.synth(project);
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).constructor).toBe(Error);
    expect((caught as Error).message).toMatch(/projenRelease is true, but project "plain" has no projen release; set `release: true`/);
  });

  test('publishing triggers beside it', () => {
    expect(() => synthRelease({ triggers: { tags: ['v*'], schedule: ['0 3 * * *'] }, images: IMAGES }))
      .toThrow(/triggers\.tags, triggers\.schedule cannot be used with projenRelease: true/);
  });

  test('tag rules that give a release no tag', () => {
    expect(() => synthRelease({ tags: [TagRule.edge()], images: IMAGES }))
      .toThrow(/no tag rule of image "app" gives a tag to a version released from branch "main"/);
    expect(() => synthRelease({ tags: [TagRule.raw('latest')], flavor: { latest: LatestTag.AUTO }, images: IMAGES }, twoBranchProject()))
      .toThrow(/branch "next" \(`latest` does not move there/);
  });

  test('a value that is not a boolean', () => {
    expect(() => synthRelease({ projenRelease: 'yes' as any, images: IMAGES })).toThrow(/projenRelease "yes" must be true or false/);
  });
});
