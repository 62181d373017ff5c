import { ContainerRunFault } from './machine';
import { RegistryFault } from './registry';

/** The event a simulated run reacts to. */
export interface SimulatedEvent {
  /** `push`, `workflow_dispatch`, `schedule`, `pull_request`, ... */
  readonly name: string;
  /** e.g. `refs/tags/v1.2.3`, `refs/heads/main` or `refs/pull/7/merge`. */
  readonly ref: string;
  readonly sha: string;
  /** `workflow_dispatch` inputs. */
  readonly inputs?: Record<string, string>;
  /** `pull_request`: the pull request's number (`github.event.number`). */
  readonly number?: number;
  /** `pull_request`: the head branch (`github.head_ref`). */
  readonly headRef?: string;
  /** `pull_request`: the base branch (`github.base_ref`). */
  readonly baseRef?: string;
  /** `pull_request`: the head commit (the event's `sha` is the merge commit). */
  readonly headSha?: string;
  /** `pull_request`: opened from a fork (read-only GITHUB_TOKEN, no secrets, no OIDC token). */
  readonly fork?: boolean;
  /** `pull_request` (default `synchronize`) or `release` (default `published`): the activity type. */
  readonly action?: string;
  /** `schedule`: the cron expression that fired (must be one of `on.schedule`, when given). */
  readonly cron?: string;
}

/** A build that "succeeds" without reporting a digest (e.g. nothing was pushed). */
export interface BuildNoDigestFault {
  readonly kind: 'build-returns-no-digest';
  /** Only builds on this platform, e.g. `linux/arm64` (default: every build). */
  readonly platform?: string;
  /** Only builds in this job (default: every job). */
  readonly job?: string;
}

/**
 * A build that pushes an image of another platform than it was asked for
 * (e.g. a Dockerfile whose FROM pins `--platform=linux/amd64`).
 */
export interface BuildWrongPlatformFault {
  readonly kind: 'build-produces-platform';
  /** The platform the leg builds, e.g. `linux/arm64`. */
  readonly platform: string;
  /** The platform of the image it really pushes, e.g. `linux/amd64`. */
  readonly produces: string;
}

export type Fault = RegistryFault | BuildNoDigestFault | BuildWrongPlatformFault | ContainerRunFault;

/** A job's GITHUB_TOKEN permissions: scope → `read` | `write` | `none`. */
export type Permissions = Record<string, 'read' | 'write' | 'none'>;

export interface RunOptions {
  /** Default: a push of the Git tag `v1.2.3`. */
  readonly event?: SimulatedEvent;
  /** `github.repository_owner`; mixed case on purpose. Default `Acme-Org`. */
  readonly owner?: string;
  /** The repository's name. Default `qm-nmr-calc`. */
  readonly repo?: string;
  readonly actor?: string;
  /** The workflow's file under .github/workflows (`github.workflow_ref`). Default `publish-images.yml`. */
  readonly workflowFile?: string;
  readonly runId?: number;
  readonly defaultBranch?: string;
  readonly faults?: Fault[];
  /**
   * Provenance attestations of pushed builds. `action-default` (the default)
   * does what docker/build-push-action does: attest every build that pushes
   * to a registry unless `provenance: false`; `never` models a builder that
   * makes none (as if every build set `provenance: false`).
   */
  readonly attestations?: 'action-default' | 'never';
  /** Keep the run directory (scripts, artifacts, registry) for inspection. */
  readonly keepDirectory?: boolean;
  /** Seeds the fake digests. Default: a constant, so runs are reproducible. */
  readonly seed?: string;
  /** Per-script time limit in milliseconds. Default 30 s. */
  readonly scriptTimeoutMs?: number;
  /** What every container prints when `docker run` runs it (e.g. `app 1.2.3`). Default ''. */
  readonly containerOutput?: string;
  /**
   * The repository's default GITHUB_TOKEN permissions, for jobs when neither
   * the job nor the workflow sets `permissions`: `restricted` (GitHub's
   * default for new repositories: contents and packages read) or `permissive`
   * (write to every scope but id-token). Default `restricted`.
   */
  readonly defaultPermissions?: 'restricted' | 'permissive';
  /**
   * The CPU of runners by label or group name, for runners whose labels do
   * not say it (the harness guesses ARM64 from an `arm`/`arm64`/`aarch64`
   * label part, X64 otherwise).
   */
  readonly runnerArchitectures?: Record<string, 'X64' | 'ARM64'>;
  /** The repository's secrets. Default: every secret exists with a dummy value. */
  readonly secrets?: Record<string, string>;
  /** The repository's configuration variables (`vars`). Default: none (each reads as ''). */
  readonly vars?: Record<string, string>;
}

export type Status = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice';
  readonly message: string;
  readonly job: string;
  readonly leg: string;
  readonly step: string;
}

export interface StepRecord {
  readonly index: number;
  readonly name: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  /** The step's conclusion. */
  status: Status;
  /** Before continue-on-error. */
  outcome: Status;
  exitCode?: number;
  durationMs?: number;
  stdout: string;
  stderr: string;
  errors: string[];
  outputs: Record<string, string>;
}

/** The runner a leg ran on: its resolved `runs-on`. */
export interface RunnerRecord {
  readonly labels: string[];
  readonly group?: string;
}

export interface LegRecord {
  readonly job: string;
  readonly index: number;
  /** e.g. `build-worker (linux/arm64, linux-arm64, ubuntu-24.04-arm, Dockerfile.worker.arm64)`. */
  readonly label: string;
  name: string;
  readonly matrix: Record<string, unknown>;
  /** `runs-on` after expressions (a label, a label list or `{ group, labels }`). */
  runsOn: unknown;
  /** The same, normalized. */
  runner: RunnerRecord;
  runnerArch: 'X64' | 'ARM64';
  /** Whether docker/setup-qemu-action ran on this leg. */
  qemuSetUp: boolean;
  /** The platforms it registered QEMU for (`['all']` for all); empty when it did not run. */
  qemuPlatforms: string[];
  status: Status;
  readonly steps: StepRecord[];
  summary: string;
  outputs: Record<string, string>;
}

export interface JobRecord {
  readonly id: string;
  readonly needs: string[];
  /** The job's GITHUB_TOKEN permissions (job, else workflow, else repository default; capped for forks). */
  readonly permissions: Permissions;
  status: Status;
  readonly legs: LegRecord[];
  outputs: Record<string, string>;
  /** Why the job did not run, when it was skipped. */
  skippedBecause?: string;
}

export interface DockerCall {
  readonly job: string;
  readonly leg: string;
  readonly step: string;
  readonly argv: string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ImagetoolsCreate {
  readonly job: string;
  readonly leg: string;
  readonly step: string;
  readonly tags: string[];
  readonly sources: string[];
  readonly exitCode: number;
  readonly stderr: string;
}

export interface BuildRecord {
  readonly job: string;
  readonly leg: string;
  readonly step: string;
  readonly platforms: string[];
  readonly file: string;
  readonly context: string;
  readonly runnerArch: 'X64' | 'ARM64';
  /** Platforms that needed QEMU on this runner. */
  readonly emulated: string[];
  readonly pushByDigest: boolean;
  /** Repositories pushed to (by digest or by tag). */
  readonly repositories: string[];
  readonly tags: string[];
  /** The `digest` output ('' when none). */
  readonly digest: string;
  /** Per-platform image manifest digests. */
  readonly manifests: Array<{ platform: string; digest: string }>;
  readonly attestations: boolean;
  /** Loaded into the leg's local Docker engine (`load: true`) under `tags`. */
  readonly loaded: boolean;
  /** `build-args` as buildx receives them (one per non-empty line; a later key wins). */
  readonly buildArgs: Record<string, string>;
  /** `secrets` (`id=value` lines) by BuildKit secret id. */
  readonly secrets: Record<string, string>;
  /** `cache-from` and `cache-to` entries, one per line. */
  readonly cacheFrom: string[];
  readonly cacheTo: string[];
  readonly error?: string;
}

export interface LoginRecord {
  readonly job: string;
  readonly leg: string;
  /** The host logged in to, e.g. `ghcr.io` or `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  readonly registry: string;
  readonly username: string;
  /** The action that logged in (`docker/login-action`, `aws-actions/amazon-ecr-login`). */
  readonly action: string;
}

/** A request for GitHub's OIDC token (configure-aws-credentials with `role-to-assume`). */
export interface OidcRequest {
  readonly job: string;
  readonly leg: string;
  readonly step: string;
  readonly audience: string;
  /** The token's `sub` claim, e.g. `repo:Acme-Org/app:ref:refs/tags/v1.2.3`. */
  readonly subject: string;
  readonly roleToAssume: string;
  /** False when the job lacks `id-token: write` (the action then fails). */
  readonly granted: boolean;
}

/** A GitHub artifact attestation made by actions/attest. */
export interface AttestationRecord {
  readonly job: string;
  readonly leg: string;
  readonly step: string;
  /** `subject-name` as given, e.g. `index.docker.io/acme/api`. */
  readonly subjectName: string;
  readonly subjectDigest: string;
  readonly pushedToRegistry: boolean;
}

/** A keyless signature made by `cosign sign` (the cosign stub). */
export interface SignatureRecord {
  /** `host/path` of the signed image. */
  readonly repository: string;
  /** The digest the signed reference resolved to. */
  readonly digest: string;
  /** The reference `cosign sign` was given: a digest reference, or a tag. */
  readonly signedAs: string;
  /** The certificate identity: the workflow file at its ref. */
  readonly identity: string;
  readonly issuer: string;
}

/** What a `docker run` did. */
export interface ContainerRunDetail {
  /** The IMAGE argument. */
  readonly image: string;
  /** Where the image came from: the leg's local engine, the registry, or nowhere (it did not start). */
  readonly source: 'local' | 'registry' | 'none';
  readonly requestedPlatform: string;
  /** The platform of the image that ran ('' when none was found). */
  readonly platform: string;
  /** The manifest digest (registry) or image id (local). */
  readonly digest: string;
  /** Whether it ran under QEMU (or would have needed it). */
  readonly emulated: boolean;
  readonly args: string[];
}

/** One `docker run`, where it happened and how it ended. */
export interface ContainerRunRecord extends ContainerRunDetail {
  readonly job: string;
  readonly leg: string;
  readonly step: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface UploadRecord {
  readonly job: string;
  readonly leg: string;
  readonly step: string;
  readonly name: string;
  readonly files: string[];
}

export interface DownloadRecord {
  readonly job: string;
  readonly leg: string;
  readonly step: string;
  readonly name?: string;
  readonly pattern?: string;
  readonly mergeMultiple: boolean;
  /** The artifacts downloaded. */
  readonly artifacts: string[];
  /** The files written, relative to the download path. */
  readonly files: string[];
}

export interface RegistryTag {
  readonly digest: string;
  readonly mediaType: string;
  /** Platforms of the image manifests (attestations left out), e.g. `linux/amd64`. */
  readonly platforms: string[];
  /** The index's own annotations (from `imagetools create --annotation index:...`). */
  readonly annotations: Record<string, string>;
  readonly manifests: Array<{ digest: string; platform: string; attestation: boolean }>;
}

export interface RunResult {
  readonly event: SimulatedEvent;
  readonly owner: string;
  /** Whether the workflow's `on:` reacts to the event at all. */
  readonly triggered: boolean;
  readonly conclusion: 'success' | 'failure' | 'skipped';
  readonly jobs: Record<string, JobRecord>;
  readonly legs: LegRecord[];
  readonly dockerCalls: DockerCall[];
  readonly imagetoolsCreates: ImagetoolsCreate[];
  readonly builds: BuildRecord[];
  readonly logins: LoginRecord[];
  readonly oidcRequests: OidcRequest[];
  readonly attestations: AttestationRecord[];
  readonly signatures: SignatureRecord[];
  readonly containerRuns: ContainerRunRecord[];
  readonly uploads: UploadRecord[];
  readonly downloads: DownloadRecord[];
  /** Final registry: `host/path:tag` → what it names. */
  readonly registry: Record<string, RegistryTag>;
  readonly summaries: Array<{ job: string; leg: string; text: string }>;
  readonly annotations: Annotation[];
  /** Things the harness noticed that GitHub would only warn about (e.g. unexpected action inputs). */
  readonly warnings: string[];
  /** The run directory, when kept. */
  readonly directory?: string;
}
