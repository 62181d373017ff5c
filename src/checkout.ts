/**
 * How build jobs check out the repository (actions/checkout). Credentials are
 * never persisted in the checkout.
 */
export interface CheckoutOptions {
  /**
   * How many commits of history to fetch; `0` fetches all history and tags
   * (for builds that run `git describe`).
   * @default 1
   */
  readonly fetchDepth?: number;
  /**
   * Whether to check out the repository's submodules (the first level, as
   * actions/checkout's `submodules: true`), e.g. vendored sources the
   * Dockerfile copies.
   * @default false
   */
  readonly submodules?: boolean;
  /**
   * Whether to download Git LFS files.
   * @default false
   */
  readonly lfs?: boolean;
}
