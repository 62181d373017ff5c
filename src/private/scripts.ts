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
 * Merge job: one `imagetools create` per registry with every digest and every
 * tag. Refuses to publish when a platform's digest is missing or extra.
 */
export const CREATE_INDEX = lines(
  'set -u',
  'shopt -s nullglob',
  'cd "$RUNNER_TEMP/digests"',
  'digests=(*)',
  'read -ra expected <<< "$EXPECTED_PLATFORMS"',
  'if [ "${#digests[@]}" -ne "${#expected[@]}" ]; then',
  '  echo "::error::Expected ${#expected[@]} platform digests (${EXPECTED_PLATFORMS}), found ${#digests[@]}"',
  '  exit 1',
  'fi',
  'mapfile -t tags < <(jq -r \'.tags[]\' <<< "$METADATA_JSON")',
  'if [ "${#tags[@]}" -eq 0 ]; then',
  '  echo "::error::The tag rules produced no tag for this event; nothing to publish"',
  '  exit 1',
  'fi',
  'mapfile -t annotations < <(jq -r \'.annotations // [] | .[]\' <<< "$METADATA_JSON")',
  'read -ra images <<< "$IMAGES"',
  'for image in "${images[@]}"; do',
  '  args=()',
  '  for annotation in "${annotations[@]}"; do args+=(--annotation "$annotation"); done',
  '  for tag in "${tags[@]}"; do',
  '    if [[ "$tag" == "$image:"* ]]; then args+=(--tag "$tag"); fi',
  '  done',
  '  for digest in "${digests[@]}"; do args+=("$image@sha256:$digest"); done',
  '  docker buildx imagetools create "${args[@]}"',
  'done',
);

/**
 * Fails unless every tag now names an index that holds every expected
 * platform (and, after a native build, exactly the digests that were built).
 * Saves the first index for the summary.
 */
export const VERIFY_INDEX = lines(
  'set -u',
  'shopt -s nullglob',
  'read -ra expected <<< "$EXPECTED_PLATFORMS"',
  'mapfile -t tags < <(jq -r \'.tags[]\' <<< "$METADATA_JSON")',
  'if [ "${#tags[@]}" -eq 0 ]; then',
  '  echo "::error::No tags to verify"',
  '  exit 1',
  'fi',
  'built=()',
  'if [ -d "$RUNNER_TEMP/digests" ]; then',
  '  for file in "$RUNNER_TEMP"/digests/*; do built+=("sha256:${file##*/}"); done',
  'fi',
  'failed=0',
  'for tag in "${tags[@]}"; do',
  '  if ! index=$(docker buildx imagetools inspect --raw "$tag"); then',
  '    echo "::error::$tag could not be read from the registry"',
  '    failed=1',
  '    continue',
  '  fi',
  '  if ! jq -e \'.manifests | type == "array"\' > /dev/null <<< "$index"; then',
  '    echo "::error::$tag is not a multi-platform index"',
  '    failed=1',
  '    continue',
  '  fi',
  '  [ -f "$RUNNER_TEMP/index.json" ] || printf \'%s\\n\' "$index" > "$RUNNER_TEMP/index.json"',
  '  published=$(jq -r \'.manifests[] | .platform // {} | select(.os != null and .os != "unknown") | [.os, .architecture, (.variant // empty)] | join("/")\' <<< "$index" | sed \'s#^linux/arm64/v8$#linux/arm64#\')',
  '  for platform in "${expected[@]}"; do',
  '    if ! grep -qxF "$platform" <<< "$published"; then',
  '      echo "::error::$tag does not hold $platform (it holds: $(echo "$published" | paste -sd \' \' -))"',
  '      failed=1',
  '    fi',
  '  done',
  '  for digest in "${built[@]}"; do',
  '    if ! jq -e --arg digest "$digest" \'any(.manifests[]; .digest == $digest)\' > /dev/null <<< "$index"; then',
  '      echo "::error::$tag does not hold the built image $digest"',
  '      failed=1',
  '    fi',
  '  done',
  'done',
  'if [ "$failed" -ne 0 ]; then exit 1; fi',
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
  'output=$(docker run --rm --platform "$PLATFORM" "$IMAGE_REF" "${args[@]}" 2>&1) || status=$?',
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
