import { IResolver, YamlFile } from 'projen';
import { Job } from 'projen/lib/github/workflows-model';
import { addVersionComments } from '../actions';

interface Renderable {
  synthesizeContent(resolver: IResolver): string | undefined;
}

/** What each permission the generated jobs ask for is used for. */
const PERMISSION_REASONS: Record<string, string> = {
  'contents: read': 'check out the repository',
  'packages: write': 'push images to GitHub Packages (GHCR)',
  'id-token: write': 'request an OIDC token (the AWS role for ECR, keyless signing, attestations)',
  'attestations: write': 'store the artifact attestation of the published index',
};

/** Job id -> the permissions (`scope: level`, as written in YAML) the library granted it. */
export type GrantedPermissions = ReadonlyMap<string, ReadonlySet<string>>;

/** Records what the library grants each of `jobs`, in the form the YAML shows it (`id-token: write`). */
export function recordGranted(granted: Map<string, Set<string>>, jobs: Record<string, Job>): void {
  for (const [id, job] of Object.entries(jobs)) {
    granted.set(id, new Set(Object.entries(job.permissions)
      .map(([scope, level]) => `${scope.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}: ${level}`)));
  }
}

/**
 * Writes the reason next to each permission the library granted a job. A
 * line an override added or changed (another job, scope or level) is left
 * alone: the library does not know what the user grants it for. projen
 * renders jobs as `  <id>:`, their permissions as `    permissions:` and each
 * scope as `      <scope>: <level>`.
 */
export function addPermissionComments(yaml: string, granted: GrantedPermissions): string {
  let job: string | undefined;
  let inPermissions = false;
  let inJobs = false;
  return yaml.split('\n').map(line => {
    if (/^\S/.test(line)) {
      inJobs = line === 'jobs:';
      job = undefined;
      inPermissions = false;
      return line;
    }
    const jobMatch = inJobs ? /^ {2}([^\s:#]+):$/.exec(line) : null;
    if (jobMatch) {
      job = jobMatch[1];
      inPermissions = false;
      return line;
    }
    if (job !== undefined && /^ {4}\S/.test(line)) {
      inPermissions = line === '    permissions:';
      return line;
    }
    const scope = inPermissions ? /^ {6}([a-z-]+: [a-z]+)$/.exec(line) : null;
    const reason = scope ? PERMISSION_REASONS[scope[1]] : undefined;
    return reason && granted.get(job!)?.has(scope![1]) ? `${line} # ${reason}` : line;
  }).join('\n');
}

/**
 * projen's YAML model cannot carry comments, so the workflow file's renderer
 * is wrapped to write each pinned action's version after its SHA and the
 * reason after each permission the library granted. This runs during
 * synthesis (unlike postSynthesize, which `--no-post` and `Testing.synth` skip).
 * With `onlyJobs`, only those jobs' lines get version comments (our jobs in a
 * workflow of projen's).
 */
export function addWorkflowComments(file: YamlFile, granted: () => GrantedPermissions, onlyJobs?: string[]): void {
  const renderable = file as unknown as Renderable;
  const render = renderable.synthesizeContent.bind(file);
  renderable.synthesizeContent = (resolver: IResolver) => {
    const content = render(resolver);
    if (content === undefined) return undefined;
    const versions = onlyJobs === undefined ? addVersionComments(content) : withinJobs(content, new Set(onlyJobs), addVersionComments);
    return addPermissionComments(versions, granted());
  };
}

/** Applies `transform` to the lines of the given top-level jobs only. */
function withinJobs(yaml: string, jobs: Set<string>, transform: (line: string) => string): string {
  let inJobs = false;
  let job: string | undefined;
  return yaml.split('\n').map(line => {
    if (/^\S/.test(line)) {
      inJobs = line === 'jobs:';
      job = undefined;
      return line;
    }
    const key = inJobs ? /^ {2}([^\s#][^:]*):$/.exec(line) : null;
    if (key) job = key[1];
    return job !== undefined && jobs.has(job) ? transform(line) : line;
  }).join('\n');
}
