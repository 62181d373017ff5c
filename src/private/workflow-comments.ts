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
 * postSynthesize, which `--no-post` and `Testing.synth` skip).
 */
export function addWorkflowComments(file: YamlFile): void {
  const renderable = file as unknown as Renderable;
  const render = renderable.synthesizeContent.bind(file);
  renderable.synthesizeContent = (resolver: IResolver) => {
    const content = render(resolver);
    return content === undefined ? undefined : addPermissionComments(addVersionComments(content));
  };
}
