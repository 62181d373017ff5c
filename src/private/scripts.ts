/**
 * The shell scripts of the generated workflow.
 *
 * Every value reaches a script through `env:` (never as `${{ }}` inside the
 * script), so nothing a user or an event controls is ever parsed as shell.
 * Each script runs under `shell: bash` (`-eo pipefail`) and adds `-u` itself.
 */

/** Where digest files are collected, in the build job and in the merge job. */
export const DIGESTS_DIR = '${{ runner.temp }}/digests';

/** Build job: records the pushed digest as an empty file named after it. */
export const EXPORT_DIGEST = lines(
  'set -u',
  'if [[ ! "$DIGEST" =~ ^sha256:[0-9a-f]{64}$ ]]; then',
  '  echo "::error::The build of $PLATFORM returned no image digest (got \'$DIGEST\')"',
  '  exit 1',
  'fi',
  'mkdir -p "$RUNNER_TEMP/digests"',
  'touch "$RUNNER_TEMP/digests/${DIGEST#sha256:}"',
);

/**
 * Shared by the create and verify scripts: what an index must hold, and a
 * function that checks one. `built` lists the platform images the build legs
 * pushed; with attestations (buildx's default) a leg's digest names an index
 * of its image and an attestation, which `imagetools create` flattens, so the
 * image manifests inside it are what the published index must hold.
 */
const INDEX_CHECK = [
  'read -ra expected <<< "$EXPECTED_PLATFORMS"',
  'read -ra images <<< "$IMAGES"',
  'built=()',
  'for file in "$RUNNER_TEMP"/digests/*; do',
  '  digest="sha256:${file##*/}"',
  '  source=$(docker buildx imagetools inspect --raw "${images[0]}@$digest")',
  '  mapfile -t -O "${#built[@]}" built < <(jq -r --arg digest "$digest" \'if .manifests then .manifests[] | select((.platform.os // "unknown") != "unknown") | .digest else $digest end\' <<< "$source")',
  'done',
  'check_index() {',
  '  local index=$1 what=$2 failed=0 published platform digest',
  '  if ! jq -e \'.manifests | type == "array"\' > /dev/null <<< "$index"; then',
  '    echo "::error::$what is not a multi-platform index"',
  '    return 1',
  '  fi',
  '  published=$(jq -r \'.manifests[] | .platform // {} | select(.os != null and .os != "unknown") | [.os, .architecture, (.variant // empty)] | join("/")\' <<< "$index" | sed \'s#^linux/arm64/v8$#linux/arm64#\')',
  '  for platform in "${expected[@]}"; do',
  '    if ! grep -qxF "$platform" <<< "$published"; then',
  '      echo "::error::$what does not hold $platform (it holds: $(sort -u <<< "$published" | paste -sd \' \' -))"',
  '      failed=1',
  '    fi',
  '  done',
  '  for digest in "${built[@]}"; do',
  '    if ! jq -e --arg digest "$digest" \'any(.manifests[]; .digest == $digest)\' > /dev/null <<< "$index"; then',
  '      echo "::error::$what does not hold the built image $digest"',
  '      failed=1',
  '    fi',
  '  done',
  '  return "$failed"',
  '}',
];

/**
 * Merge job: per registry, plans the index with every digest (a dry run),
 * checks the plan, and only then creates it under every tag, so a bad index
 * never moves a tag. Refuses to start when a platform's digest is missing or
 * extra.
 */
export const CREATE_INDEX = lines(
  'set -u',
  'shopt -s nullglob',
  'files=("$RUNNER_TEMP"/digests/*)',
  'read -ra platforms <<< "$EXPECTED_PLATFORMS"',
  'if [ "${#files[@]}" -ne "${#platforms[@]}" ]; then',
  '  echo "::error::Expected ${#platforms[@]} platform digests (${EXPECTED_PLATFORMS}), found ${#files[@]}"',
  '  exit 1',
  'fi',
  'mapfile -t tags < <(jq -r \'.tags[]\' <<< "$METADATA_JSON")',
  'if [ "${#tags[@]}" -eq 0 ]; then',
  '  echo "::error::The tag rules produced no tag for this event; nothing to publish"',
  '  exit 1',
  'fi',
  'mapfile -t annotations < <(jq -r \'.annotations // [] | .[]\' <<< "$METADATA_JSON")',
  ...INDEX_CHECK,
  'for image in "${images[@]}"; do',
  '  sources=()',
  '  for file in "${files[@]}"; do sources+=("$image@sha256:${file##*/}"); done',
  '  options=()',
  '  for annotation in "${annotations[@]}"; do options+=(--annotation "$annotation"); done',
  '  plan=$(docker buildx imagetools create --dry-run "${options[@]}" "${sources[@]}")',
  '  check_index "$plan" "The index planned for $image" || exit 1',
  '  for tag in "${tags[@]}"; do',
  '    if [[ "$tag" == "$image:"* ]]; then options+=(--tag "$tag"); fi',
  '  done',
  '  docker buildx imagetools create "${options[@]}" "${sources[@]}"',
  'done',
);

/**
 * Fails unless every tag in every registry now names an index that holds
 * every expected platform (and, after a native build, every image that was
 * built). Saves the first index for the summary.
 */
export const VERIFY_INDEX = lines(
  'set -u',
  'shopt -s nullglob',
  'mapfile -t tags < <(jq -r \'.tags[]\' <<< "$METADATA_JSON")',
  'if [ "${#tags[@]}" -eq 0 ]; then',
  '  echo "::error::No tags to verify"',
  '  exit 1',
  'fi',
  ...INDEX_CHECK,
  'failed=0',
  'digest=""',
  'for tag in "${tags[@]}"; do',
  '  if ! index=$(docker buildx imagetools inspect --raw "$tag"); then',
  '    echo "::error::$tag could not be read from the registry"',
  '    failed=1',
  '    continue',
  '  fi',
  '  [ -f "$RUNNER_TEMP/index.json" ] || printf \'%s\\n\' "$index" > "$RUNNER_TEMP/index.json"',
  '  check_index "$index" "$tag" || failed=1',
  '  tag_digest=$(docker buildx imagetools inspect --format \'{{json .Manifest}}\' "$tag" | jq -r \'.digest\')',
  '  if [ -z "$digest" ]; then',
  '    digest=$tag_digest',
  '  elif [ "$tag_digest" != "$digest" ]; then',
  '    echo "::error::$tag names $tag_digest, but ${tags[0]} names $digest; every tag must name the same index"',
  '    failed=1',
  '  fi',
  'done',
  'if [ "$failed" -ne 0 ]; then exit 1; fi',
  'echo "digest=$digest" >> "$GITHUB_OUTPUT"',
  'echo "Verified ${#tags[@]} tag(s): each holds ${EXPECTED_PLATFORMS}"',
);

/**
 * Runs a freshly built platform image once; a non-zero exit, or output
 * without a line matching $EXPECT_OUTPUT, fails the leg before its digest is
 * exported, so the image never reaches the merge.
 */
export const SMOKE_TEST = lines(
  'set -u',
  'mapfile -t args < <(jq -r \'.[]\' <<< "$SMOKE_ARGS")',
  'echo "Smoke test: $IMAGE_REF ($PLATFORM) ${args[*]}"',
  'status=0',
  // --quiet keeps Docker's pull messages out of the output that is matched.
  'output=$(docker run --rm --quiet --platform "$PLATFORM" "$IMAGE_REF" "${args[@]}" 2>&1) || status=$?',
  'printf \'%s\\n\' "$output"',
  'if [ "$status" -ne 0 ]; then',
  '  echo "::error::The $PLATFORM image failed its smoke test (exit code $status)"',
  '  exit 1',
  'fi',
  'if [ -n "$EXPECT_OUTPUT" ] && ! grep -Pq -- "$EXPECT_OUTPUT" <<< "$output"; then',
  '  echo "::error::The $PLATFORM image ran, but no line of its output matches $EXPECT_OUTPUT"',
  '  exit 1',
  'fi',
);

/** Writes what was published to the job summary. */
export const WRITE_SUMMARY = lines(
  'set -u',
  '{',
  '  echo "### Published \\`$IMAGE_NAME\\`"',
  '  echo',
  '  echo "Version \\`$VERSION\\`, index digest \\`$INDEX_DIGEST\\`"',
  '  echo',
  '  echo "| Tag |"',
  '  echo "| --- |"',
  '  jq -r \'.tags[] | "| `\\(.)` |"\' <<< "$METADATA_JSON"',
  '  echo',
  '  echo "| Platform | Digest |"',
  '  echo "| --- | --- |"',
  '  jq -r \'.manifests[] | select((.platform.os // "unknown") != "unknown") | "| \\([.platform.os, .platform.architecture, (.platform.variant // empty)] | join("/")) | `\\(.digest)` |"\' "$RUNNER_TEMP/index.json"',
  '} >> "$GITHUB_STEP_SUMMARY"',
);

function lines(...script: string[]): string {
  return script.join('\n') + '\n';
}
