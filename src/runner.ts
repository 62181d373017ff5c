import { HostArchitecture, Platform } from './platform';

/**
 * The runner that builds one platform, publisher-wide.
 */
export interface PlatformRunner {
  /** The platform. */
  readonly platform: Platform;
  /** The runner that builds it (a per-image `PlatformOverride.runner` still wins). */
  readonly runner: Runner;
}

function isLabel(label: unknown): boolean {
  return typeof label === 'string' && /^[^\s]+$/.test(label) && !label.includes('${{');
}

/**
 * Where a job runs: a set of runner labels, optionally inside a runner group.
 */
export class Runner {
  /** GitHub's `ubuntu-latest` (x64). */
  public static readonly UBUNTU_LATEST = new Runner(['ubuntu-latest'], undefined, HostArchitecture.X64);
  /** GitHub's `ubuntu-24.04` (x64). */
  public static readonly UBUNTU_24_04 = new Runner(['ubuntu-24.04'], undefined, HostArchitecture.X64);
  /**
   * GitHub's `ubuntu-24.04-arm` (arm64). Free for public repositories; private
   * repositories need a paid plan or their own arm64 runners.
   */
  public static readonly UBUNTU_24_04_ARM = new Runner(['ubuntu-24.04-arm'], undefined, HostArchitecture.ARM64);

  /**
   * A runner selected by labels: a larger runner (`my-16-core-arm`) or a
   * self-hosted label set (`self-hosted`, `linux`, `arm64`). Such a runner is
   * trusted to be native for the platforms it is given.
   */
  public static labels(...labels: string[]): Runner {
    if (labels.length === 0 || !labels.every(isLabel)) {
      throw new Error(`Runner.labels: ${JSON.stringify(labels)} must be one or more non-empty labels without spaces, e.g. Runner.labels('self-hosted', 'linux', 'arm64')`);
    }
    return new Runner(labels);
  }

  /**
   * A runner from a runner group, optionally narrowed by labels. Trusted to be
   * native for the platforms it is given.
   */
  public static group(name: string, labels?: string[]): Runner {
    if (typeof name !== 'string' || name.trim() === '' || /[\n\r]/.test(name)) {
      throw new Error(`Runner.group: name ${JSON.stringify(name)} must be a non-empty runner group name`);
    }
    if (labels !== undefined && (!Array.isArray(labels) || !labels.every(isLabel))) {
      throw new Error(`Runner.group: labels ${JSON.stringify(labels)} must be non-empty labels without spaces`);
    }
    return new Runner(labels ?? [], name);
  }

  /** The labels a runner must carry. */
  public readonly runnerLabels: string[];
  /**
   * The runner group to pick from.
   * @default - no group
   */
  public readonly groupName?: string;
  /**
   * The CPU family of the machine, where it is known (GitHub-hosted runners).
   * A platform of another family is built under QEMU on it.
   * @default - unknown: trusted to be native for its platforms
   */
  public readonly architecture?: HostArchitecture;

  private constructor(labels: string[], group?: string, architecture?: HostArchitecture) {
    this.runnerLabels = [...labels];
    this.groupName = group;
    this.architecture = architecture;
  }

  /** A short description for messages and summaries. */
  public toString(): string {
    const labels = this.runnerLabels.join(', ');
    return this.groupName === undefined ? labels : `group ${this.groupName}${labels ? ` (${labels})` : ''}`;
  }
}
