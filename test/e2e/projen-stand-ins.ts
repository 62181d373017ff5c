import { Component, Project } from 'projen';
import { GithubWorkflow } from 'projen/lib/github';
import { Job, JobStep } from 'projen/lib/github/workflows-model';
import { ActResult } from './act';
import { MultiArchImagePublisher } from '../../src';

/** What projen's release task would have written this run. */
export interface ReleaseRun {
  readonly version: string;
  readonly tag: string;
}

/**
 * projen's release job runs `npm ci` and `npx projen release` (bump, build,
 * changelog), which need the consumer's whole Node project and npm: here one
 * step writes what that task leaves in `dist/` instead, and `npm ci` goes.
 * Everything else of the job runs as projen wrote it: the checkout (act's
 * own), the git identity, the tag and commit checks (real `git ls-remote`
 * against the local origin), the permissions backup (getfacl is not
 * installed: it fails, continue-on-error as projen wrote it) and the
 * upload of `build-artifact`.
 */
function standInRelease(job: Job, run: ReleaseRun): Job {
  const steps = job.steps.flatMap((step): JobStep[] => {
    if (step.id === 'install_dependencies') return [];
    if (step.run !== undefined && /npx projen release/.test(step.run)) {
      return [{
        name: `${step.name} (stand-in: writes what projen's release task writes)`,
        id: step.id,
        env: { VERSION: run.version, TAG: run.tag },
        run: [
          'mkdir -p dist',
          'printf %s "$VERSION" > dist/version.txt',
          'printf %s "$TAG" > dist/releasetag.txt',
          'printf "## %s\\n" "$TAG" > dist/changelog.md',
        ].join('\n'),
      }];
    }
    return [step];
  });
  if (steps.length !== job.steps.length - 1 || !steps.some(step => step.env?.TAG === run.tag)) {
    throw new Error('projen\'s release job has changed: no `npm ci` and `npx projen release` steps to stand in for');
  }
  return { ...job, steps };
}

/**
 * projen's GitHub release job creates the release with `gh` (GitHub's API):
 * its step says what it would create instead. The download of projen's
 * artifact by id, the permissions restore (setfacl is not installed:
 * continue-on-error) and the dry-run condition run as projen wrote them.
 */
function standInGithubRelease(job: Job): Job {
  const steps = job.steps.map(step => (step.run !== undefined && /gh release create/.test(step.run)
    ? { ...step, run: 'tag=$(cat "$RELEASE_TAG_FILE") && echo "stand-in: gh release create $tag -t $tag --target $GITHUB_SHA"' }
    : step));
  if (!steps.some(step => step.run?.startsWith('tag=$(cat "$RELEASE_TAG_FILE") && echo'))) {
    throw new Error('projen\'s GitHub release job has changed: no `gh release create` step to stand in for');
  }
  return { ...job, steps };
}

/** projen adds its GitHub release job at synthesis: replaced after that (components synthesize in order). */
class GithubReleaseStandIn extends Component {
  constructor(project: Project, private readonly workflows: GithubWorkflow[]) {
    super(project);
  }

  public preSynthesize(): void {
    for (const workflow of this.workflows) {
      workflow.updateJob('release_github', standInGithubRelease(workflow.getJob('release_github') as Job));
    }
  }
}

/** A scenario's `customize`: every release workflow gets the stand-ins, the release task writing `run`. */
export function projenStandIns(run: ReleaseRun) {
  return (publisher: MultiArchImagePublisher, project: Project): void => {
    for (const workflow of publisher.releaseWorkflows) {
      workflow.updateJob('release', standInRelease(workflow.getJob('release') as Job, run));
    }
    new GithubReleaseStandIn(project, publisher.releaseWorkflows);
  };
}

/** One line of act's JSON log. */
export interface LogEntry {
  /** The job's name with its matrix leg (`release/Build app (linux/amd64)-1`). */
  readonly job: string;
  readonly jobID: string;
  readonly step?: string;
  readonly stage?: string;
  readonly stepResult?: string;
  readonly jobResult?: string;
  readonly msg: string;
  readonly time: string;
}

export function logEntries(result: ActResult): LogEntry[] {
  return result.log.split('\n').flatMap(line => {
    if (!line.startsWith('{')) return [];
    try {
      const entry = JSON.parse(line);
      return typeof entry.jobID === 'string' ? [{ ...entry, msg: String(entry.msg ?? '') }] : [];
    } catch {
      return [];
    }
  });
}

/** job (with its leg) -> the main steps that ran, in order (act logs no line for a step it did not start). */
export function stepsRun(result: ActResult, jobIds: string[]): Record<string, string[]> {
  const steps: Record<string, string[]> = {};
  for (const entry of logEntries(result)) {
    if (!jobIds.includes(entry.jobID) || entry.stage !== 'Main' || !entry.stepResult || entry.stepResult === 'skipped') continue;
    (steps[entry.job.trim()] ??= []).push(entry.step!);
  }
  return steps;
}
