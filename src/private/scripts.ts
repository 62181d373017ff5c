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

/** Where the index-checks step writes the shell functions later steps share. */
const INDEX_CHECKS_FILE = '$RUNNER_TEMP/index-checks.sh';
const SOURCE_INDEX_CHECKS = `source "${INDEX_CHECKS_FILE}"`;

/**
 * Defines, once per job, the shell functions the create, verify and summary
 * steps share, and writes them to `$RUNNER_TEMP` for those steps to source.
 *
 * - `unique_tags`: metadata-action's tags, each once (a raw `latest` rule and
 *   the default `latest=auto` flavor both give `latest`).
 * - `collect_built`: the platform images the builds pushed. With attestations
 *   (buildx's default) a build's digest names an index of its image and an
 *   attestation, which `imagetools create` flattens, so the images inside it
 *   are what a published index must hold.
 * - `check_index`: whether an index holds every expected platform (entries
 *   of `unknown/unknown`, the attestations, are not platforms) and every
 *   built image.
 * - `check_build_count`: exactly $BUILD_COUNT digests arrived (one per native
 *   leg, one for an emulated build), none missing and none extra.
 * - `index_arguments <repository>`: what `imagetools create` needs besides
 *   tags (the index annotations and every build digest), one per line.
 * - `plan_index <repository>`: a dry run of the index, checked.
 */
export const WRITE_INDEX_CHECKS = lines(
  'set -u',
  'unique_tags() {',
  '  jq -r \'.tags[]\' <<< "$METADATA_JSON" | awk \'!seen[$0]++\'',
  '}',
  'collect_built() {',
  '  local first=${IMAGE_REPOSITORIES%% *} file digest contents',
  '  built=()',
  '  for file in "$RUNNER_TEMP"/digests/*; do',
  '    [ -e "$file" ] || continue',
  '    digest="sha256:${file##*/}"',
  '    contents=$(docker buildx imagetools inspect --raw "$first@$digest")',
  '    mapfile -t -O "${#built[@]}" built < <(jq -r --arg digest "$digest" \'if .manifests then .manifests[] | select((.platform.os // "unknown") != "unknown") | .digest else $digest end\' <<< "$contents")',
  '  done',
  '}',
  'check_index() {',
  '  local index=$1 what=$2 failed=0 published platform digest expected',
  '  read -ra expected <<< "$EXPECTED_PLATFORMS"',
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
  'check_build_count() {',
  '  local count=0 file',
  '  for file in "$RUNNER_TEMP"/digests/*; do',
  '    if [ -e "$file" ]; then count=$((count + 1)); fi',
  '  done',
  '  if [ "$count" -ne "$BUILD_COUNT" ]; then',
  '    echo "::error::Expected $BUILD_COUNT build digest(s) for ${EXPECTED_PLATFORMS}, found $count"',
  '    return 1',
  '  fi',
  '}',
  'index_arguments() {',
  '  local file',
  // Manifest-level annotations went into the build; the index gets its own.
  '  jq -r \'.annotations // [] | .[] | select(startswith("index:")) | "--annotation", .\' <<< "$METADATA_JSON"',
  '  for file in "$RUNNER_TEMP"/digests/*; do',
  '    if [ -e "$file" ]; then echo "$1@sha256:${file##*/}"; fi',
  '  done',
  '}',
  'plan_index() {',
  '  local plan arguments',
  '  mapfile -t arguments < <(index_arguments "$1")',
  '  plan=$(docker buildx imagetools create --dry-run "${arguments[@]}")',
  '  check_index "$plan" "The index planned for $1"',
  '}',
  `declare -f unique_tags collect_built check_index check_build_count index_arguments plan_index > "${INDEX_CHECKS_FILE}"`,
);

/**
 * Per registry, plans the index with every build's digest (a dry run),
 * checks the plan, and only then creates it under every tag, so a bad index
 * never moves a tag. Refuses to start unless there are exactly $BUILD_COUNT
 * digests (one per native leg, one for an emulated build).
 */
export const CREATE_INDEX = lines(
  'set -u',
  SOURCE_INDEX_CHECKS,
  'check_build_count || exit 1',
  'mapfile -t tags < <(unique_tags)',
  'if [ "${#tags[@]}" -eq 0 ]; then',
  '  echo "::error::The tag rules produced no tag for this event; nothing to publish"',
  '  exit 1',
  'fi',
  'collect_built',
  'read -ra repositories <<< "$IMAGE_REPOSITORIES"',
  'for repository in "${repositories[@]}"; do',
  '  plan_index "$repository" || exit 1',
  '  arguments=()',
  '  for tag in "${tags[@]}"; do',
  '    if [[ "$tag" == "$repository:"* ]]; then arguments+=(--tag "$tag"); fi',
  '  done',
  '  mapfile -t -O "${#arguments[@]}" arguments < <(index_arguments "$repository")',
  '  docker buildx imagetools create "${arguments[@]}"',
  'done',
);

/**
 * With `publishTogether`: the same plan and checks as CREATE_INDEX, without
 * creating anything; tags move in a later job, once every image is checked.
 */
export const PLAN_INDEX = lines(
  'set -u',
  SOURCE_INDEX_CHECKS,
  'check_build_count || exit 1',
  'collect_built',
  'read -ra repositories <<< "$IMAGE_REPOSITORIES"',
  'for repository in "${repositories[@]}"; do',
  '  plan_index "$repository" || exit 1',
  'done',
  'echo "The planned index holds ${EXPECTED_PLATFORMS} in every registry; its tags move once every image of the workflow is checked"',
);

/**
 * Fails unless every tag in every registry now names one and the same index
 * that holds every expected platform and every image that was built. Saves
 * the index for the summary and outputs its `digest`.
 */
export const VERIFY_INDEX = lines(
  'set -u',
  'shopt -s nullglob',
  SOURCE_INDEX_CHECKS,
  'mapfile -t tags < <(unique_tags)',
  'if [ "${#tags[@]}" -eq 0 ]; then',
  '  echo "::error::No tags to verify"',
  '  exit 1',
  'fi',
  'collect_built',
  'failed=0',
  'digests=()',
  'for tag in "${tags[@]}"; do',
  '  if ! index=$(docker buildx imagetools inspect --raw "$tag"); then',
  '    echo "::error::$tag could not be read from the registry"',
  '    failed=1',
  '    continue',
  '  fi',
  '  [ -f "$RUNNER_TEMP/index.json" ] || printf \'%s\\n\' "$index" > "$RUNNER_TEMP/index.json"',
  '  check_index "$index" "$tag" || failed=1',
  '  digests+=("$(docker buildx imagetools inspect --format \'{{json .Manifest}}\' "$tag" | jq -r .digest)")',
  'done',
  'if [ "$failed" -ne 0 ]; then exit 1; fi',
  // Every tag in every registry names one index: the digest that is attested and signed.
  'mapfile -t distinct < <(printf \'%s\\n\' "${digests[@]}" | sort -u)',
  'if [ "${#distinct[@]}" -ne 1 ]; then',
  '  echo "::error::The tags name ${#distinct[@]} different indexes (${distinct[*]}), not one"',
  '  exit 1',
  'fi',
  'echo "digest=${distinct[0]}" >> "$GITHUB_OUTPUT"',
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
  SOURCE_INDEX_CHECKS,
  '{',
  '  echo "### Published \\`$IMAGE_NAME\\`"',
  '  echo',
  '  echo "Version \\`$VERSION\\`, index digest \\`$INDEX_DIGEST\\`"',
  '  echo',
  '  echo "| Tag |"',
  '  echo "| --- |"',
  '  unique_tags | jq -Rr \'"| `\\(.)` |"\'',
  '  echo',
  '  echo "| Platform | Digest |"',
  '  echo "| --- | --- |"',
  '  jq -r \'.manifests[] | select((.platform.os // "unknown") != "unknown") | "| \\([.platform.os, .platform.architecture, (.platform.variant // empty)] | join("/")) | `\\(.digest)` |"\' "$RUNNER_TEMP/index.json"',
  '} >> "$GITHUB_STEP_SUMMARY"',
);

/** A script from its lines, ending with a newline. */
export function lines(...script: string[]): string {
  return script.join('\n') + '\n';
}
