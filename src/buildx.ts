/**
 * How build jobs set up Docker Buildx (docker/setup-buildx-action), for
 * when BuildKit must be pinned. Merge jobs need no builder:
 * `docker buildx imagetools` works with the runner's own buildx.
 */
export interface SetupBuildxOptions {
  /**
   * The buildx release to install, e.g. `v0.19.3`, or `latest`.
   * @default - the buildx already installed on the runner
   */
  readonly version?: string;
  /**
   * Options of the BuildKit container driver, one `key=value` each, e.g.
   * `image=moby/buildkit:v0.18.2` to pin BuildKit itself.
   * @default - setup-buildx-action's defaults (the latest BuildKit image)
   */
  readonly driverOpts?: string[];
}
