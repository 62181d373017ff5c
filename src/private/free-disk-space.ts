import { JobStep } from 'projen/lib/github/workflows-model';
import { ResolvedImage } from './model';

/**
 * Toolchains preinstalled on GitHub's Ubuntu runner images (as their
 * documentation lists them) that a Docker build never uses: the build runs
 * inside BuildKit, and pre-build steps that need a toolchain set it up
 * themselves. Language runtimes a pre-build step may use without a setup
 * action (Java, Node, Python, Go in the tool cache) are kept.
 */
const REMOVABLE = [
  '/usr/local/lib/android', // Android SDK and NDKs
  '/usr/share/dotnet', // .NET SDKs
  '/opt/ghc', // Haskell (GHC)
  '/usr/local/.ghcup', // Haskell (ghcup)
  '/usr/share/swift', // Swift
  '/usr/local/julia*', // Julia
  '/opt/hostedtoolcache/CodeQL', // CodeQL bundles
];

/**
 * Removes the toolchains above in parallel and reports the space freed and
 * the seconds it took; a missing directory is skipped, so the same script
 * serves the x64 and the (smaller) arm64 images.
 */
export const FREE_DISK_SPACE = [
  'set -u',
  'sudo_cmd=()',
  'if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi',
  'available() { df -B1 --output=avail / | tail -n 1 | tr -d " "; }',
  'before=$(available)',
  'SECONDS=0',
  'read -ra patterns <<< "$REMOVE_PATHS"',
  'for pattern in "${patterns[@]}"; do',
  '  while IFS= read -r dir; do',
  '    "${sudo_cmd[@]}" rm -rf -- "$dir" &',
  '  done < <(compgen -G "$pattern" || true)',
  'done',
  'wait',
  'after=$(available)',
  'freed=$(( (after - before) / 1024 / 1024 ))',
  'echo "Freed ${freed} MiB in ${SECONDS} s; $(( after / 1024 / 1024 / 1024 )) GiB available on /"',
].join('\n') + '\n';

/** The step that frees disk space on GitHub-hosted runners (never on self-hosted ones). */
export function freeDiskSpaceSteps(image: ResolvedImage): JobStep[] {
  if (!image.freeDiskSpace) return [];
  return [{
    name: 'Free disk space',
    if: "runner.environment == 'github-hosted'",
    shell: 'bash',
    env: { REMOVE_PATHS: REMOVABLE.join(' ') },
    run: FREE_DISK_SPACE,
  }];
}
