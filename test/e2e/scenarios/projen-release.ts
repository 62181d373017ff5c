import { BuildStrategy, ImageOptions, MultiArchImagePublisherOptions, Platform, RefEvent, TagRule } from '../../../src';
import { twoBranchProject } from '../../support/projen-release';
import { ActResult, Events, WorkflowEvent } from '../act';
import { logEntries, projenStandIns, ReleaseRun, stepsRun } from '../projen-stand-ins';
import { PublishedImage, SCRATCH_DOCKERFILE, SCRATCH_FILES, Scenario } from '../scenario';
import { BOTH } from './seed';

/**
 * The publisher's jobs inside projen's release workflows (`projenRelease`),
 * and its own workflow republishing a release by hand. projen's steps that
 * need npm, the consumer's Node project or GitHub's API run as stand-ins
 * (test/e2e/projen-stand-ins.ts); our jobs run unchanged.
 */
const RELEASE = '.github/workflows/release.yml';
const RELEASE_NEXT = '.github/workflows/release-next.yml';
const REPUBLISH = '.github/workflows/publish-images.yml';
const TAGS = [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}'), TagRule.raw('latest')];
const IMAGES: ImageOptions[] = [
  { name: 'app', platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64], platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerfile: 'Dockerfile.arm64' }] },
  { name: 'tool', strategy: BuildStrategy.EMULATED },
];
const OUR_JOBS = ['build-app', 'merge-app', 'build-tool'];
const FILES = { ...SCRATCH_FILES, 'Dockerfile': SCRATCH_DOCKERFILE, 'Dockerfile.arm64': SCRATCH_DOCKERFILE };
const MAIN_RELEASE: ReleaseRun = { version: '1.4.0', tag: 'v1.4.0' };
const NEXT_RELEASE: ReleaseRun = { version: '2.0.0-beta.3', tag: 'next-v2.0.0-beta.3' };

/** A run of a release workflow of the two-branch project (main, and next releasing 2.0.0 betas). */
function releaseScenario(name: string, owner: string, changes: {
  workflowFile?: string;
  event?: WorkflowEvent;
  run?: ReleaseRun;
  options?: Partial<MultiArchImagePublisherOptions>;
  git?: Scenario['git'];
  success?: boolean;
  errors?: RegExp[];
  /** image -> its tags (every image holds BOTH platforms unless `platforms` says otherwise). */
  published?: (sha: string) => Record<string, string[]>;
  platforms?: string[];
  verify?: (result: ActResult) => string[];
}): Scenario {
  return {
    name,
    owner,
    project: twoBranchProject,
    workflowFile: changes.workflowFile ?? RELEASE,
    options: () => ({ projenRelease: true, tags: TAGS, images: IMAGES, ...changes.options }),
    customize: projenStandIns(changes.run ?? MAIN_RELEASE),
    event: changes.event ?? Events.branchPush('main'),
    files: FILES,
    git: changes.git,
    expect: {
      success: changes.success ?? true,
      errors: changes.errors,
      published: (env, sha) => Object.entries(changes.published?.(sha) ?? {}).map(([image, tags]): PublishedImage =>
        ({ repository: `${env.registry.host}/${owner.toLowerCase()}/${image}`, tags, platforms: changes.platforms ?? BOTH })),
      verify: changes.verify && (({ result }) => changes.verify!(result)),
    },
  };
}

const RELEASED = () => ({ app: ['1.4', '1.4.0', 'latest'], tool: ['1.4', '1.4.0', 'latest'] });

/** Problems if any of `jobs` started, or anything logged in to a registry. */
function nothingRan(result: ActResult, jobs: string[]): string[] {
  const ran = Object.keys(stepsRun(result, jobs));
  const logins = logEntries(result).filter(entry => entry.stage === 'Main' && entry.stepResult && /^Log in/.test(entry.step ?? ''));
  return [
    ...(ran.length ? [`these jobs ran: ${ran.join(', ')}`] : []),
    ...(logins.length ? [`a login ran in ${logins.map(entry => entry.job.trim()).join(', ')}`] : []),
  ];
}

/** Problems unless the release job's real `git ls-remote` step logged `line` (projen's checks `cat $GITHUB_OUTPUT`). */
function releaseLogged(result: ActResult, step: string, line: RegExp): string[] {
  const found = logEntries(result).some(entry => entry.jobID === 'release' && entry.step === step && line.test(entry.msg));
  return found ? [] : [`the release job's "${step}" logged nothing matching ${line}`];
}

/** Problems unless projen's GitHub release job, reading projen's artifact by id, would have released `tag`. */
function githubRelease(result: ActResult, tag: string | undefined): string[] {
  const created = logEntries(result).filter(entry => entry.jobID === 'release_github' && /stand-in: gh release create/.test(entry.msg));
  if (tag === undefined) return created.length ? ['projen\'s GitHub release ran'] : [];
  return created.some(entry => entry.msg.includes(`gh release create ${tag} `)) ? [] : [`projen's GitHub release did not create ${tag}`];
}

/** The release of 1.4.0 from main: which job downloaded which artifacts, and in what order the jobs ran. */
function verifyMainRelease(result: ActResult): string[] {
  const problems: string[] = [];
  const entries = logEntries(result);
  for (const job of ['release', 'release_github', ...OUR_JOBS]) {
    if (result.jobs[job] !== 'success') problems.push(`job ${job} is ${result.jobs[job] ?? 'not run'}`);
  }
  // Every leg of ours reads the version from projen's build artifact, and the merge downloads
  // only its own image's digests besides.
  const downloads: Record<string, string[]> = {};
  for (const entry of entries.filter(e => OUR_JOBS.includes(e.jobID))) {
    const artifact = /^Artifact (\S+) downloaded to/.exec(entry.msg)?.[1];
    if (artifact) (downloads[entry.jobID] ??= []).push(artifact);
  }
  const expected: Record<string, string[]> = {
    'build-app': ['build-artifact', 'build-artifact'],
    'build-tool': ['build-artifact'],
    'merge-app': ['build-artifact', 'digests~app~linux-amd64', 'digests~app~linux-arm64'],
  };
  for (const [job, artifacts] of Object.entries(expected)) {
    const got = (downloads[job] ?? []).sort().join(', ');
    if (got !== artifacts.join(', ')) problems.push(`${job} downloaded [${got}], expected [${artifacts.join(', ')}]`);
  }
  const publishing = entries.filter(entry => OUR_JOBS.includes(entry.jobID) && entry.msg.includes('Publishing v1.4.0 (version 1.4.0)'));
  if (publishing.length !== 4) problems.push(`${publishing.length} legs read v1.4.0 from the artifact, expected 4`);
  // Our jobs start after projen's release job has ended.
  const releaseEnd = entries.find(entry => entry.jobID === 'release' && entry.jobResult)?.time ?? '';
  const firstOfOurs = entries.filter(entry => OUR_JOBS.includes(entry.jobID)).map(entry => entry.time).sort()[0] ?? '';
  if (!releaseEnd || !firstOfOurs || firstOfOurs < releaseEnd) problems.push(`our jobs started at ${firstOfOurs}, before the release job ended at ${releaseEnd}`);
  return [...problems, ...githubRelease(result, 'v1.4.0')];
}

/** The republish workflow with `input` as its version, refused by its first step in every leg. */
function refusedInput(name: string, owner: string, input: string, error: RegExp): Scenario {
  return {
    ...republishScenario(name, owner, input, () => ({})),
    expect: {
      success: false,
      errors: [error],
      published: () => [],
      verify: ({ result }) => {
        const ran = stepsRun(result, OUR_JOBS);
        const problems = Object.entries(ran).filter(([, steps]) => steps.join('|') !== 'Read the requested version')
          .map(([job, steps]) => `${job} ran [${steps.join(', ')}], expected only "Read the requested version"`);
        // build-app's two legs and build-tool; the merge never starts.
        if (Object.keys(ran).length !== 3) problems.push(`${Object.keys(ran).length} legs ran, expected 3: ${Object.keys(ran).join(', ')}`);
        const failed = [...new Set(result.failedSteps.map(step => step.split(' › ')[1]))];
        if (failed.join('|') !== 'Read the requested version') problems.push(`failed steps: ${failed.join(', ')}`);
        return problems;
      },
    },
  };
}

/** The publisher's own workflow, started by hand for an existing release tag (which origin holds). */
function republishScenario(name: string, owner: string, version: string, published: () => Record<string, string[]>): Scenario {
  return {
    name,
    owner,
    project: twoBranchProject,
    workflowFile: REPUBLISH,
    options: () => ({ projenRelease: true, tags: TAGS, images: IMAGES, triggers: { workflowDispatch: true } }),
    event: Events.workflowDispatch({ version }),
    files: FILES,
    git: git => {
      for (const tag of ['v1.4.0', 'next-v2.0.0-beta.3']) {
        git('tag', tag);
        git('push', '--quiet', 'origin', tag);
      }
    },
    expect: {
      success: true,
      published: env => Object.entries(published()).map(([image, tags]) =>
        ({ repository: `${env.registry.host}/${owner.toLowerCase()}/${image}`, tags, platforms: BOTH })),
    },
  };
}

const GIT_RULES: Partial<MultiArchImagePublisherOptions> = {
  tags: [TagRule.ref(RefEvent.TAG), TagRule.ref(RefEvent.BRANCH), TagRule.sha()],
  images: [{ name: 'app', platforms: [Platform.LINUX_AMD64] }],
};

export const PROJEN_RELEASE_SCENARIOS: Scenario[] = [
  // projen released 1.4.0 from main: every image and platform, 1.4.0, 1.4 and latest.
  releaseScenario('projen-release-main', 'Acme-Rel', { published: RELEASED, verify: verifyMainRelease }),
  // Runs that released nothing new: no job of ours starts, nothing logs in.
  releaseScenario('projen-release-tag-existed', 'Acme-RelTagged', {
    git: git => {
      git('tag', 'v1.4.0');
      git('push', '--quiet', 'origin', 'v1.4.0');
    },
    verify: result => [...nothingRan(result, [...OUR_JOBS, 'release_github']), ...releaseLogged(result, 'Check if version has already been tagged', /exists=true/)],
  }),
  releaseScenario('projen-release-moved-on', 'Acme-RelMoved', {
    // main moved on in origin while the release job ran; this run is for the commit before.
    git: git => {
      git('commit', '--quiet', '--allow-empty', '-m', 'newer');
      git('push', '--quiet', 'origin', 'main');
      git('reset', '--quiet', '--hard', 'HEAD~1');
    },
    verify: result => [...nothingRan(result, [...OUR_JOBS, 'release_github']), ...releaseLogged(result, 'Check for new commits', /latest_commit=[0-9a-f]{40}/)],
  }),
  releaseScenario('projen-release-dry-run', 'Acme-RelDry', {
    event: Events.workflowDispatch({ dry_run: 'true' }),
    verify: result => [...nothingRan(result, OUR_JOBS), ...githubRelease(result, undefined),
      ...(result.jobs.release_github === 'success' ? [] : ['projen\'s GitHub release job did not run (it skips only its release step)'])],
  }),
  releaseScenario('projen-release-manual', 'Acme-RelManual', { event: Events.workflowDispatch({ dry_run: 'false' }), published: RELEASED }),
  // The pre-release branch released next-v2.0.0-beta.3: its own version, latest never moves.
  releaseScenario('projen-release-next', 'Acme-RelNext', {
    workflowFile: RELEASE_NEXT,
    event: Events.branchPush('next'),
    run: NEXT_RELEASE,
    git: git => git('push', '--quiet', 'origin', 'HEAD:next'),
    published: () => ({ app: ['2.0.0-beta.3'], tool: ['2.0.0-beta.3'] }),
    verify: result => githubRelease(result, 'next-v2.0.0-beta.3'),
  }),
  // Git tag and commit rules give what a push of the release tag would give.
  releaseScenario('projen-release-next-git-rules', 'Acme-RelNextRef', {
    workflowFile: RELEASE_NEXT,
    event: Events.branchPush('next'),
    run: NEXT_RELEASE,
    options: GIT_RULES,
    git: git => git('push', '--quiet', 'origin', 'HEAD:next'),
    published: sha => ({ app: ['next-v2.0.0-beta.3', `sha-${sha.slice(0, 7)}`] }),
    platforms: ['linux/amd64'],
  }),
  releaseScenario('projen-release-main-git-rules', 'Acme-RelMainRef', {
    options: GIT_RULES,
    published: sha => ({ app: ['latest', `sha-${sha.slice(0, 7)}`, 'v1.4.0'] }),
    platforms: ['linux/amd64'],
  }),
  // A release file that is not what projen writes stops every job of ours before it logs in.
  releaseScenario('projen-release-bad-version', 'Acme-RelBad', {
    run: { version: '1.4.0"; touch injected; "', tag: 'v1.4.0' },
    success: false,
    errors: [/The released version '1\.4\.0"; touch injected; "' is not a semantic version/],
    verify: result => {
      const ran = stepsRun(result, OUR_JOBS);
      const problems = Object.entries(ran).filter(([, steps]) => steps[steps.length - 1] !== 'Read the release version' || steps.some(step => /^Log in/.test(step)))
        .map(([job, steps]) => `${job} ran [${steps.join(', ')}]`);
      const failed = [...new Set(result.failedSteps.filter(step => OUR_JOBS.some(job => step.startsWith(`${job} ›`))).map(step => step.split(' › ')[1]))];
      if (failed.join('|') !== 'Read the release version') problems.push(`our failed steps: ${failed.join(', ')}`);
      if (Object.keys(ran).length !== 3) problems.push(`${Object.keys(ran).length} legs ran, expected 3 (build-app's two, build-tool)`);
      return [...problems, ...nothingRan(result, ['merge-app'])];
    },
  }),
  // Republishing a release by hand.
  republishScenario('projen-republish', 'Acme-Repub', 'v1.4.0', () => ({ app: ['1.4', '1.4.0'], tool: ['1.4', '1.4.0'] })),
  republishScenario('projen-republish-next', 'Acme-RepubNext', 'next-v2.0.0-beta.3', () => ({ app: ['2.0.0-beta.3'], tool: ['2.0.0-beta.3'] })),
  refusedInput('projen-republish-no-v', 'Acme-RepubNoV', '1.4.0', /'1\.4\.0' is not a release tag of this repository/),
  refusedInput('projen-republish-short', 'Acme-RepubShort', 'v1.4', /The released version '1\.4' is not a semantic version/),
  refusedInput('projen-republish-other-prefix', 'Acme-RepubOther', 'other-v1.4.0', /'other-v1\.4\.0' is not a release tag of this repository/),
  refusedInput('projen-republish-command', 'Acme-RepubCmd', 'v1.4.0$(id)', /The version input must be a release tag of this repository/),
  refusedInput('projen-republish-newline', 'Acme-RepubNl', 'v1.4.0\nlatest', /The version input must be a release tag of this repository/),
];
