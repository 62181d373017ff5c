import { RegistryFault } from './registry';

/** The event a simulated run reacts to. */
export interface SimulatedEvent {
  /** `push`, `workflow_dispatch`, `schedule`, ... */
  readonly name: string;
  /** e.g. `refs/tags/v1.2.3` or `refs/heads/main`. */
  readonly ref: string;
  readonly sha: string;
  /** `workflow_dispatch` inputs. */
  readonly inputs?: Record<string, string>;
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

export type Fault = RegistryFault | BuildNoDigestFault | BuildWrongPlatformFault;

export interface RunOptions {
  /** Default: a push of the Git tag `v1.2.3`. */
  readonly event?: SimulatedEvent;
  /** `github.repository_owner`; mixed case on purpose. Default `Acme-Org`. */
  readonly owner?: string;
  /** The repository's name. Default `qm-nmr-calc`. */
  readonly repo?: string;
  readonly actor?: string;
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

export interface LegRecord {
  readonly job: string;
  readonly index: number;
  /** e.g. `build-worker (linux/arm64, linux-arm64, ubuntu-24.04-arm, Dockerfile.worker.arm64)`. */
  readonly label: string;
  name: string;
  readonly matrix: Record<string, unknown>;
  runsOn: unknown;
  runnerArch: 'X64' | 'ARM64';
  status: Status;
  readonly steps: StepRecord[];
  summary: string;
  outputs: Record<string, string>;
}

export interface JobRecord {
  readonly id: string;
  readonly needs: string[];
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
  readonly error?: string;
}

export interface LoginRecord {
  readonly job: string;
  readonly leg: string;
  readonly registry: string;
  readonly username: string;
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
