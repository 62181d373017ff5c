/**
 * The one catalog of third-party actions the generated workflows use.
 *
 * Every action is pinned to a full commit SHA (tags can move); the version is
 * written next to the SHA as a comment in the generated YAML. Versions and
 * SHAs were verified against the actions' repositories (see the README).
 * A consumer overrides a pin the projen way, `project.github.actions.set()`
 * (see private/action-overrides.ts); an overridden ref gets no comment.
 */
export interface ActionPin {
  /** `owner/repo` of the action. */
  readonly repository: string;
  /** The release the SHA belongs to, e.g. `v7.0.1`. */
  readonly version: string;
  /** The full 40-character commit SHA of that release. */
  readonly sha: string;
}

function pin(repository: string, version: string, sha: string): ActionPin {
  return { repository, version, sha };
}

export const ACTIONS = {
  checkout: pin('actions/checkout', 'v7.0.1', '3d3c42e5aac5ba805825da76410c181273ba90b1'),
  uploadArtifact: pin('actions/upload-artifact', 'v7.0.0', 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f'),
  downloadArtifact: pin('actions/download-artifact', 'v8.0.1', '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c'),
  setupQemu: pin('docker/setup-qemu-action', 'v4.2.0', '96fe6ef7f33517b61c61be40b68a1882f3264fb8'),
  setupBuildx: pin('docker/setup-buildx-action', 'v4.3.0', '37fe631027851001ddb9b187196cc803df7f5f0e'),
  login: pin('docker/login-action', 'v4.1.0', '4907a6ddec9925e35a0a9e82d7399ccc52663121'),
  metadata: pin('docker/metadata-action', 'v6.2.0', 'dc802804100637a589fabce1cb79ff13a1411302'),
  buildPush: pin('docker/build-push-action', 'v7.3.0', '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a'),
  awsCredentials: pin('aws-actions/configure-aws-credentials', 'v6.2.3', 'e6de054238d6b7531b4efff3b6587d9aade6a06c'),
  ecrLogin: pin('aws-actions/amazon-ecr-login', 'v2.1.7', '03f1aad4c6c7ffd436567f42f9384779290529bd'),
  attest: pin('actions/attest', 'v4.2.2', '1e69f48acb82d1966a394da916b4c1698aa569d6'),
  cosignInstaller: pin('sigstore/cosign-installer', 'v4.1.2', '6f9f17788090df1f26f669e9d70d6ae9567deba6'),
} as const;

/** The `uses:` value of an action: `owner/repo@<sha>`. */
export function uses(action: ActionPin): string {
  return `${action.repository}@${action.sha}`;
}

/**
 * Appends `# <version>` to every `uses:` line that names a catalog SHA, so a
 * reader (and Dependabot/Renovate) sees which release a pin is.
 */
export function addVersionComments(yaml: string): string {
  const versions = new Map(Object.values(ACTIONS).map(action => [uses(action), action.version]));
  return yaml.replace(/^(\s*(?:- )?uses: )(\S+)$/gm, (line, prefix: string, ref: string) => {
    const version = versions.get(ref);
    return version === undefined ? line : `${prefix}${ref} # ${version}`;
  });
}
