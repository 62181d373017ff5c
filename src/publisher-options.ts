import { SetupBuildxOptions } from './buildx';
import { Cache } from './cache';
import { DockerfileChecksOptions } from './dockerfile-checks';
import { ImageOptions } from './image';
import { Registry } from './registry';
import { PlatformRunner, Runner } from './runner';
import { SupplyChainOptions } from './supply-chain';
import { FlavorOptions, TagRule } from './tags';
import { TriggerOptions } from './triggers';

/**
 * The workflow's `concurrency`: which runs wait for each other.
 */
export interface ConcurrencyOptions {
  /**
   * Runs with the same group never overlap, e.g. `images-${{ github.ref }}`.
   * @default "${{ github.workflow }}-${{ github.ref }}"
   */
  readonly group?: string;
  /**
   * Whether a new run cancels the group's run in progress instead of waiting.
   * A cancelled publishing run may leave some registries updated and others
   * not, so the default only cancels pull-request builds.
   * @default - a pull request's newer run cancels its older one; publishing runs wait
   */
  readonly cancelInProgress?: boolean;
}

/**
 * Options of {@link MultiArchImagePublisher}.
 */
export interface MultiArchImagePublisherOptions extends SupplyChainOptions {
  /**
   * The workflow's name; the file is `.github/workflows/<name>.yml`.
   * @default "publish-images"
   */
  readonly workflowName?: string;
  /**
   * Publish every image from projen's own release workflows: jobs added to
   * each release workflow (one per release branch) build the released commit
   * and tag it from the released version, whenever a run releases a new
   * version (never on a dry run). Needs a projen release (`release: true`
   * on a NodeProject, TypeScriptProject or JsiiProject, or a `Release`).
   * projen releases with the workflow's `GITHUB_TOKEN`, whose tags and
   * releases start no other workflow, so a tag trigger never fires for
   * them. With it, `triggers` may only set `pullRequest` (checks) and
   * `workflowDispatch` (republish a release by its Git tag); without either,
   * the publisher writes no workflow of its own.
   * @default false
   */
  readonly projenRelease?: boolean;
  /**
   * The events that run the workflow.
   * @default - { tags: ['v*'] }; none with projenRelease
   */
  readonly triggers?: TriggerOptions;
  /**
   * The registries every image is pushed to.
   * @default [Registry.ghcr()]
   */
  readonly registries?: Registry[];
  /**
   * Tag rules for every image that does not set its own.
   * @default - metadata-action's defaults: schedule, branch, Git tag and pull request refs
   */
  readonly tags?: TagRule[];
  /**
   * metadata-action's `flavor`: when to add `latest`, and a prefix or suffix for every tag.
   * @default - metadata-action's defaults (`latest=auto`, no prefix or suffix)
   */
  readonly flavor?: FlavorOptions;
  /**
   * Extra OCI labels on every platform image of every image.
   * @default - metadata-action's (description, source, version, revision, created, licenses, url), and the image's name as `org.opencontainers.image.title`
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra OCI annotations on every published index.
   * @default - metadata-action's, and the image's name as `org.opencontainers.image.title` (the same keys as the labels)
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Where builds keep their layer cache, for every image that does not set
   * its own: `Cache.gha()`, `Cache.registry()` or `Cache.none()`.
   * @default Cache.gha()
   */
  readonly cache?: Cache;
  /**
   * How build jobs set up Docker Buildx: pin buildx or BuildKit when a
   * build depends on their version.
   * @default - the runner's buildx, with setup-buildx-action's default BuildKit
   */
  readonly setupBuildx?: SetupBuildxOptions;
  /**
   * The images to publish; more can be added with `addImage()`.
   * @default - none yet (at least one is needed by synth time)
   */
  readonly images?: ImageOptions[];
  /**
   * The runner of each platform, for every image (a per-image
   * `PlatformOverride.runner` still wins): larger runners, runner groups,
   * self-hosted label sets.
   * @default - linux/amd64, linux/386, ppc64le, s390x and riscv64 on `ubuntu-24.04`; linux/arm64 and 32-bit Arm on `ubuntu-24.04-arm`
   */
  readonly platformRunners?: PlatformRunner[];
  /**
   * Whether GitHub's arm64 runners are available. They are free for public
   * repositories; private ones need a paid plan. `false` builds arm legs on
   * x64 runners under QEMU (much slower) and says so when synthesizing.
   * @default true
   */
  readonly armRunners?: boolean;
  /**
   * The runner of merge jobs and of emulated builds.
   * @default Runner.UBUNTU_24_04
   */
  readonly defaultRunner?: Runner;
  /**
   * Publish all images or none: no image's tags move unless every image of
   * the workflow built (smoke tests included) and its planned index passed
   * its checks. A release then never leaves one image on the new version and
   * another on the old one. The trade-off: every image waits for the slowest
   * one, so the critical path becomes the slowest image's build (and a failed
   * image holds back the others).
   * @default false
   */
  readonly publishTogether?: boolean;
  /**
   * How long digest artifacts are kept, in days (1 to 90). They are only
   * needed until the merge job of the same run.
   * @default 1
   */
  readonly artifactRetentionDays?: number;
  /**
   * BuildKit's Dockerfile checks for every image that does not set its own.
   * By default a check that finds something fails the build: BuildKit would
   * only print a warning, and one of them (`FromPlatformFlagConstDisallowed`)
   * is the only sign that a leg published another platform's files.
   * @default { failOnWarnings: true }
   */
  readonly dockerfileChecks?: DockerfileChecksOptions;
  /**
   * The timeout of every job, in minutes (an image's `timeoutMinutes` wins for its jobs).
   * @default - GitHub's default (360)
   */
  readonly timeoutMinutes?: number;
  /**
   * Whether one failed platform of a build matrix cancels the other
   * platforms (an image's `failFast` wins for its jobs). `false` lets every
   * platform report its own result.
   * @default false
   */
  readonly failFast?: boolean;
  /**
   * A GitHub environment for every job that logs in to a registry, so
   * environment secrets, variables and protection rules (required
   * reviewers, branch rules) apply to publishing.
   * @default - no environment
   */
  readonly environment?: string;
  /**
   * The workflow's concurrency group and whether newer runs cancel older ones.
   * @default - runs of one ref queue; a pull request's newer run cancels its older one
   */
  readonly concurrency?: ConcurrencyOptions;
  /**
   * The repository (`owner/name`) whose runs publish. Elsewhere (forks) the
   * jobs that log in and push are skipped instead of failing at login;
   * pull-request builds still run.
   * @default - every repository the workflow runs in publishes
   */
  readonly onlyInRepository?: string;
}
