import { Project } from 'projen';
import { GithubWorkflow } from 'projen/lib/github';
import { Release } from 'projen/lib/release';

/** One branch projen releases from, and the workflow that releases it. */
export interface ReleaseBranch {
  readonly name: string;
  readonly workflow: GithubWorkflow;
  /** projen's `prerelease` (e.g. `beta`): versions of this branch are pre-releases. */
  readonly prerelease?: string;
  /** Put before `v<version>` in this branch's Git tags, e.g. `next-`. */
  readonly tagPrefix: string;
  readonly majorVersion?: number;
  readonly minorVersion?: number;
  /** projen's `githubReleaseLatest`: whether GitHub marks this branch's releases latest. */
  readonly githubReleaseLatest?: boolean;
}

/** What our jobs need to know about projen's release workflows. */
export interface ProjenRelease {
  /** The job that bumps, builds and tags (`release`). */
  readonly releaseJobId: string;
  /** projen's own condition for publishing jobs: a new version, and no newer commit. */
  readonly publishCondition: string;
  readonly branches: ReleaseBranch[];
}

/** The fields of projen's (internal) release branch records that are read. */
interface ProjenBranchRecord {
  readonly name?: unknown;
  readonly workflow?: unknown;
  readonly prerelease?: unknown;
  readonly tagPrefix?: unknown;
  readonly majorVersion?: unknown;
  readonly minorVersion?: unknown;
  readonly githubReleaseLatest?: unknown;
}

const HOW_TO_RELEASE = 'set `release: true` in the options of a NodeProject, TypeScriptProject or JsiiProject, or add `new Release(project, { ... })` from projen/lib/release';

/**
 * Finds projen's release and its release workflows (one per release
 * branch). projen exposes the branches' names but not their options, so
 * these are read from the `Release` component's branch records; anything
 * unexpected there is an error rather than a guess.
 */
export function findProjenRelease(project: Project): ProjenRelease {
  const release = Release.of(project);
  if (!release) {
    throw new Error(`MultiArchImagePublisher: projenRelease is true, but project "${project.name}" has no projen release; ${HOW_TO_RELEASE}`);
  }
  const records = (release as unknown as { _branches?: unknown })._branches;
  if (!Array.isArray(records)) {
    throw new Error('MultiArchImagePublisher: projenRelease cannot read the release branches of this projen version; please report it with your projen version');
  }
  const branches = (records as ProjenBranchRecord[]).map(record => {
    if (typeof record.name !== 'string') {
      throw new Error('MultiArchImagePublisher: projenRelease cannot read the release branches of this projen version; please report it with your projen version');
    }
    if (!(record.workflow instanceof GithubWorkflow)) {
      throw new Error(`MultiArchImagePublisher: projenRelease is true, but projen's release of branch "${record.name}" has no release workflow (a manual releaseTrigger, or GitHub workflows disabled); use a releaseTrigger that runs a workflow, e.g. ReleaseTrigger.continuous()`);
    }
    return {
      name: record.name,
      workflow: record.workflow,
      prerelease: typeof record.prerelease === 'string' && record.prerelease !== '' ? record.prerelease : undefined,
      tagPrefix: typeof record.tagPrefix === 'string' ? record.tagPrefix : '',
      majorVersion: typeof record.majorVersion === 'number' ? record.majorVersion : undefined,
      minorVersion: typeof record.minorVersion === 'number' ? record.minorVersion : undefined,
      githubReleaseLatest: typeof record.githubReleaseLatest === 'boolean' ? record.githubReleaseLatest : undefined,
    };
  });
  if (branches.length === 0) {
    throw new Error(`MultiArchImagePublisher: projenRelease is true, but projen's release of project "${project.name}" has no release branch; ${HOW_TO_RELEASE}`);
  }
  const releaseJobId = release.publisher.buildJobId;
  return {
    releaseJobId,
    publishCondition: release.publisher.condition
      ?? `needs.${releaseJobId}.outputs.tag_exists != 'true' && needs.${releaseJobId}.outputs.latest_commit == github.sha`,
    branches,
  };
}

/**
 * Whether a release of `branch` moves `latest`: never from a pre-release
 * branch, nor from a branch GitHub is told not to mark latest; otherwise
 * only from the branch with the highest major (and minor) version among
 * those that release final versions, so a maintenance branch's 1.9.3 never
 * takes `latest` from 2.0.0.
 */
export function movesLatest(branch: ReleaseBranch, all: ReleaseBranch[]): boolean {
  if (branch.prerelease !== undefined || branch.githubReleaseLatest === false) return false;
  if (branch.githubReleaseLatest === true) return true;
  const rank = (b: ReleaseBranch) => [b.majorVersion ?? Infinity, b.minorVersion ?? Infinity];
  const [major, minor] = rank(branch);
  return all
    .filter(other => other !== branch && other.prerelease === undefined && other.githubReleaseLatest !== false)
    .every(other => {
      const [otherMajor, otherMinor] = rank(other);
      return otherMajor < major || (otherMajor === major && otherMinor <= minor);
    });
}
