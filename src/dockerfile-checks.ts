/**
 * How BuildKit's Dockerfile checks (its build-time rules, e.g.
 * `FromPlatformFlagConstDisallowed`) treat a build. They are passed as the
 * `BUILDKIT_DOCKERFILE_CHECK` build argument, which replaces a Dockerfile's
 * own `# check=` directive: list the rules that directive skipped in `skip`.
 */
export interface DockerfileChecksOptions {
  /**
   * Fail the build when a check finds something, instead of printing a
   * warning that a green run hides. A leg whose Dockerfile starts
   * `FROM --platform=linux/amd64 ...` otherwise publishes amd64 files under
   * its arm64 entry: BuildKit labels the image with the platform it was asked
   * for, so no later check of the index can see it.
   * @default true
   */
  readonly failOnWarnings?: boolean;
  /**
   * Check rules not to run, e.g. `['JSONArgsRecommended']`.
   * @default - none
   */
  readonly skip?: string[];
}
