/**
 * What one simulated machine (a job leg) offers to programs that run on it:
 * its CPU, the QEMU binfmt handlers registered on it, and the images in its
 * local Docker engine. The engine writes it to a file before every script;
 * the `docker` stub (docker-cli.ts) reads it for `docker run`. Only Node
 * built-ins: this file is bundled into the stub with esbuild.
 */
import * as fs from 'fs';

export type RunnerArch = 'X64' | 'ARM64';

/** Platforms a runner executes without QEMU. */
export const NATIVE: Record<RunnerArch, string[]> = {
  X64: ['linux/amd64', 'linux/386'],
  ARM64: ['linux/arm64', 'linux/arm64/v8'],
};

/** Whether the QEMU handlers registered on a machine (`all` or a list of platforms/arches) execute `platform`. */
export function qemuCovers(qemu: 'all' | Iterable<string> | undefined | null, platform: string): boolean {
  if (qemu === undefined || qemu === null) return false;
  if (qemu === 'all') return true;
  const arch = platform.split('/')[1];
  return [...qemu].some(p => p === 'all' || p === platform || p === arch || p === `linux/${arch}` || p.split('/')[1] === arch);
}

/** Whether a machine of `arch` with these QEMU handlers can execute code of `platform`. */
export function canExecute(arch: RunnerArch, qemu: 'all' | Iterable<string> | undefined | null, platform: string): boolean {
  return NATIVE[arch].includes(platform) || qemuCovers(qemu, platform);
}

/** An image in a machine's local Docker engine (`docker load`, build-push-action `load: true`). */
export interface LocalImage {
  /** The image's platform, e.g. `linux/arm/v7`. */
  readonly platform: string;
  /** Its image id. */
  readonly id: string;
}

export interface MachineState {
  readonly job: string;
  readonly leg: string;
  readonly runnerArch: RunnerArch;
  /** QEMU handlers registered by docker/setup-qemu-action; null when it did not run. */
  readonly qemu: 'all' | string[] | null;
  /** Local images by normalized reference, e.g. `docker.io/library/app:pr-check`. */
  readonly images: Record<string, LocalImage>;
}

/** A `docker run` that exits with another code/output (a smoke test that fails). */
export interface ContainerRunFault {
  readonly kind: 'container-run-fails';
  /** Runs of an image of this platform, e.g. `linux/arm64`. */
  readonly platform: string;
  /** Only on legs of this job (default: every job). */
  readonly job?: string;
  readonly exitCode: number;
  readonly output: string;
}

/** Run-wide settings of the stub's Docker engine. */
export interface EngineConfig {
  /** What a container prints when it runs (default ''). */
  readonly containerOutput: string;
  readonly faults: ContainerRunFault[];
}

/** The environment variable that points the stub at the machine it runs on. */
/** The first argument the `cosign` wrapper gives the stub, to tell it from `docker`. */
export const COSIGN_MARKER = '--as-cosign';

export const MACHINE_ENV = 'DATAFLOW_HARNESS_MACHINE';

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
