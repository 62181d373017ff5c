import { HostArchitecture, Platform } from '../platform';
import { Runner } from '../runner';

/**
 * Which runner builds each platform: a per-image override wins, then the
 * publisher's `platformRunners`, then the best GitHub-hosted runner for the
 * platform's architecture (x64 for arm legs when `armRunners` is off).
 */
export class RunnerPlan {
  private readonly byPlatform: Map<string, Runner>;

  constructor(platformRunners: ReadonlyArray<{ platform: Platform; runner: Runner }>, private readonly armRunners: boolean) {
    this.byPlatform = new Map(platformRunners.map(entry => [entry.platform.value, entry.runner]));
  }

  public runnerFor(platform: Platform): Runner {
    const chosen = this.byPlatform.get(platform.value);
    if (chosen) return chosen;
    if (platform.host === HostArchitecture.ARM64 && this.armRunners) return Runner.UBUNTU_24_04_ARM;
    return Runner.UBUNTU_24_04;
  }
}

/**
 * A leg needs QEMU when its platform always does (32-bit Arm, riscv64,
 * ppc64le, s390x) or when its runner is known to be of another architecture.
 * Runners of unknown architecture (labels, groups) are trusted to be native.
 */
export function needsEmulation(platform: Platform, runner: Runner): boolean {
  return platform.emulated || (runner.architecture !== undefined && runner.architecture !== platform.host);
}
