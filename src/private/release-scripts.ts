/**
 * Scripts that read a released version. Like every script of the pipeline
 * they get their values through `env:` and add `-u` themselves.
 */

/**
 * Shared: checks `$version` and `$tag` (a projen release tag is
 * `<prefix>v<version>`) and writes the step's outputs. Nothing else reaches
 * metadata-action or checkout, so an odd file or input stops here.
 */
const CHECK_AND_WRITE = [
  'semver=\'^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$\'',
  'if [[ ! "$version" =~ $semver ]]; then',
  '  echo "::error::The released version \'$version\' is not a semantic version"',
  '  exit 1',
  'fi',
  'if [[ ! "$tag" =~ ^[A-Za-z0-9._/-]*v[0-9] ]] || [[ "$tag" != *"v$version" ]]; then',
  '  echo "::error::The release tag \'$tag\' is not <prefix>v$version"',
  '  exit 1',
  'fi',
  '{',
  '  echo "version=$version"',
  '  echo "git_tag=$tag"',
  '  echo "docker_tag=${tag//[^A-Za-z0-9._-]/-}"',
  '} >> "$GITHUB_OUTPUT"',
  'echo "Publishing $tag (version $version)"',
];

/** Reads what projen's release job wrote into its build artifact. */
export const READ_RELEASED_VERSION = lines(
  'set -u',
  'version=$(< "$RUNNER_TEMP/release/version.txt")',
  'tag=$(< "$RUNNER_TEMP/release/releasetag.txt")',
  ...CHECK_AND_WRITE,
);

/**
 * Reads a release tag given by hand: it must be one of projen's tags, i.e.
 * one of the release branches' prefixes (`$TAG_PREFIXES`, one a line)
 * followed by `v` and a semantic version.
 */
export const READ_REQUESTED_VERSION = lines(
  'set -u',
  'tag=$REQUESTED_TAG',
  'if [[ ! "$tag" =~ ^[A-Za-z0-9._/+-]{1,128}$ ]]; then',
  '  echo "::error::The version input must be a release tag of this repository, such as v1.4.0"',
  '  exit 1',
  'fi',
  'version=',
  'mapfile -t prefixes <<< "$TAG_PREFIXES"',
  'for prefix in "${prefixes[@]}"; do',
  '  if [[ "$tag" == "${prefix}v"* ]]; then version=${tag#"${prefix}v"}; break; fi',
  'done',
  'if [ -z "$version" ]; then',
  '  echo "::error::\'$tag\' is not a release tag of this repository (<prefix>v<version>)"',
  '  exit 1',
  'fi',
  ...CHECK_AND_WRITE,
);

function lines(...script: string[]): string {
  return script.join('\n') + '\n';
}
