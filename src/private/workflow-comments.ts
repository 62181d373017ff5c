import { IResolver, YamlFile } from 'projen';
import { addVersionComments } from '../actions';

interface Renderable {
  synthesizeContent(resolver: IResolver): string | undefined;
}

/** What each permission the generated jobs ask for is used for. */
const PERMISSION_REASONS: Record<string, string> = {
  'contents: read': 'check out the repository',
  'packages: write': 'push images to GitHub Packages (GHCR)',
  'id-token: write': 'request an OIDC token (the AWS role for ECR)',
};

/** Writes the reason next to each permission a job is granted. */
export function addPermissionComments(yaml: string): string {
  return yaml.replace(/^(\s+)(contents: read|packages: write|id-token: write)$/gm,
    (_line, indent: string, permission: string) => `${indent}${permission} # ${PERMISSION_REASONS[permission]}`);
}

/**
 * projen's YAML model cannot carry comments, so the workflow file's renderer
 * is wrapped to write each pinned action's version after its SHA and the
 * reason after each permission. This runs during synthesis (unlike
 * postSynthesize, which `--no-post` and `Testing.synth` skip). With
 * `onlyJobs`, only those jobs' lines are commented (our jobs in a workflow
 * of projen's).
 */
export function addWorkflowComments(file: YamlFile, onlyJobs?: string[]): void {
  const renderable = file as unknown as Renderable;
  const render = renderable.synthesizeContent.bind(file);
  const comment = (text: string) => addPermissionComments(addVersionComments(text));
  renderable.synthesizeContent = (resolver: IResolver) => {
    const content = render(resolver);
    if (content === undefined) return undefined;
    return onlyJobs === undefined ? comment(content) : withinJobs(content, new Set(onlyJobs), comment);
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
