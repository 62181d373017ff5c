import { JobStep } from 'projen/lib/github/workflows-model';
import { BuildStrategy } from './build-strategy';
import { Cache } from './cache';
import { CheckoutOptions } from './checkout';
import { DockerfileChecksOptions } from './dockerfile-checks';
import { Platform } from './platform';
import { Registry } from './registry';
import { Runner } from './runner';
import { SupplyChainOptions } from './supply-chain';
import { FlavorOptions, TagRule } from './tags';

/**
 * Settings that differ for one platform of an image.
 */
export interface PlatformOverride {
  /** The platform these settings apply to; it must be one of the image's platforms. */
  readonly platform: Platform;
  /**
   * The Dockerfile for this platform, relative to the repository root.
   * @default - the image's `dockerfile`
   */
  readonly dockerfile?: string;
  /**
   * The runner that builds this platform (native strategy only).
   * @default - the publisher's runner for the platform
   */
  readonly runner?: Runner;
  /**
   * Build arguments added to (and overriding) the image's `buildArgs` for
   * this platform; expressions are allowed as there.
   * @default - none
   */
  readonly buildArgs?: { [key: string]: string };
  /**
   * The Dockerfile stage to build for this platform.
   * @default - the image's `target`
   */
  readonly target?: string;
}

/**
 * A command run in each freshly built platform image before its digest is
 * handed to the merge: an image that does not start never reaches the index.
 */
export interface SmokeTestOptions {
  /** The command and arguments given to the image, e.g. `['--version']`. */
  readonly args: string[];
  /**
   * A regular expression (Perl-compatible, as `grep -P` reads it) that the
   * combined output must match.
   * @default - only the exit code is checked
   */
  readonly expectOutput?: string;
}

/**
 * One image to publish.
 */
export interface ImageOptions extends SupplyChainOptions {
  /**
   * The image's name, e.g. `my-api`: lowercase letters and digits separated
   * by `.`, `_`, `__` or one or more `-`. It names the image's jobs, artifacts
   * and caches and, unless `repository` is set, its repository under the
   * registry namespace.
   */
  readonly name: string;
  /**
   * The registry repository the image is published to, under the registry
   * namespace. Variants of one image (e.g. `server` and `server-alpine`,
   * both published to `server`) share it and set a `flavor` suffix; `name`
   * stays the unique key of jobs, artifacts and caches. Two images that
   * would publish the same tag to one repository are refused.
   * @default - the image `name`
   */
  readonly repository?: string;
  /**
   * metadata-action's `flavor` for this image, merged over the publisher's
   * setting by setting, e.g. `{ suffix: '-alpine', onLatest: true }` for a
   * variant.
   * @default - the publisher's `flavor`
   */
  readonly flavor?: FlavorOptions;
  /**
   * The build context, relative to the repository root.
   * @default "."
   */
  readonly context?: string;
  /**
   * The Dockerfile, relative to the repository root.
   * @default - `Dockerfile` inside the context
   */
  readonly dockerfile?: string;
  /**
   * The platforms to build.
   * @default [Platform.LINUX_AMD64, Platform.LINUX_ARM64]
   */
  readonly platforms?: Platform[];
  /**
   * How the platforms are built.
   * @default BuildStrategy.NATIVE
   */
  readonly strategy?: BuildStrategy;
  /**
   * Settings that differ per platform.
   * @default - none
   */
  readonly platformOverrides?: PlatformOverride[];
  /**
   * Build arguments for every platform. A value may hold GitHub expressions,
   * e.g. `${{ steps.meta.outputs.version }}` or `${{ github.sha }}`; they are
   * evaluated in the build step of every leg. Values reading `secrets` are
   * refused: build arguments are stored in the image's history, so pass
   * secrets with `buildSecrets`.
   * @default - none
   */
  readonly buildArgs?: { [key: string]: string };
  /**
   * BuildKit secrets for the build: secret id -> name of a GitHub secret,
   * e.g. `{ npm: 'NPM_TOKEN' }` for `RUN --mount=type=secret,id=npm`. Passed
   * through build-push-action's `secrets` input on every leg, never as a
   * build argument and never through a script, so the value stays out of
   * the image. Pull-request checks get them too, except from forks, to which
   * GitHub gives no secrets (the secret is then empty).
   * @default - none
   */
  readonly buildSecrets?: { [id: string]: string };
  /**
   * Steps every build of this image runs (native legs, the emulated build,
   * pull-request checks) after checkout and the metadata step and before the
   * build: generate a version file, set up a toolchain. They may read
   * `steps.meta.outputs`; build arguments may read their outputs, e.g.
   * `${{ steps.version.outputs.value }}`. Ids `meta`, `image` and `build`
   * are taken.
   * @default - none
   */
  readonly preBuildSteps?: JobStep[];
  /**
   * Where this image's builds keep their layer cache.
   * @default - the publisher's `cache`
   */
  readonly cache?: Cache;
  /**
   * Whether each build of this image first removes preinstalled toolchains
   * a Docker build never uses (Android SDK, .NET, Haskell, Swift, Julia,
   * CodeQL) from GitHub-hosted runners, for images of several GB. Never
   * runs on self-hosted runners. The step logs the space freed and the
   * seconds it took.
   * @default false
   */
  readonly freeDiskSpace?: boolean;
  /**
   * How the build jobs check out the repository.
   * @default - the latest commit only, without submodules or LFS files
   */
  readonly checkout?: CheckoutOptions;
  /**
   * The Dockerfile stage to build.
   * @default - the last stage
   */
  readonly target?: string;
  /**
   * Tag rules for this image, replacing the publisher's.
   * @default - the publisher's `tags`
   */
  readonly tags?: TagRule[];
  /**
   * Run each platform image once before publishing it: on pull requests the
   * locally built image (native strategy), on publishing events the pushed
   * digest, before any tag moves. Platforms the runner cannot run natively
   * (emulated legs, the emulated strategy's foreign platforms) run under QEMU.
   * @default - no smoke test
   */
  readonly smokeTest?: SmokeTestOptions;
  /**
   * Registries for this image, replacing the publisher's.
   * @default - the publisher's `registries`
   */
  readonly registries?: Registry[];
  /**
   * Extra OCI labels on every platform image, added to (and overriding) the
   * publisher's and metadata-action's. `org.opencontainers.image.title` is the
   * image's `name` unless given here or publisher-wide.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra OCI annotations on the published index (and emulated builds'
   * manifests), added to (and overriding) the publisher's and metadata-action's.
   * `org.opencontainers.image.title` is the image's `name` unless given here or publisher-wide.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * BuildKit's Dockerfile checks for this image, replacing the publisher's.
   * @default - the publisher's `dockerfileChecks`
   */
  readonly dockerfileChecks?: DockerfileChecksOptions;
  /**
   * The timeout of this image's jobs, in minutes.
   * @default - the publisher's `timeoutMinutes`
   */
  readonly timeoutMinutes?: number;
  /**
   * Whether one failed platform cancels this image's other platforms.
   * @default - the publisher's `failFast`
   */
  readonly failFast?: boolean;
  /**
   * The GitHub environment of this image's jobs that log in to a registry
   * (its secrets and required reviewers), replacing the publisher's.
   * @default - the publisher's `environment`
   */
  readonly environment?: string;
}
