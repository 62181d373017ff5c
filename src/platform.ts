import { isArchitectureName, normalizePlatform } from './private/platform-names';

/**
 * The CPU family of a machine that runs a build leg.
 */
export enum HostArchitecture {
  /** x86-64 (GitHub's `ubuntu-*` runners). */
  X64 = 'x64',
  /** 64-bit Arm (GitHub's `ubuntu-*-arm` runners). */
  ARM64 = 'arm64',
}

/** What a platform needs from the machine that builds it. */
interface PlatformTraits {
  readonly host: HostArchitecture;
  readonly emulated: boolean;
}

/**
 * Known platforms and the host that builds them best.
 *
 * 32-bit Arm legs run on the arm64 runner but still register QEMU: GitHub's
 * arm64 hosts are not guaranteed to execute 32-bit Arm code natively.
 */
const KNOWN_TRAITS: Record<string, PlatformTraits> = {
  'linux/amd64': { host: HostArchitecture.X64, emulated: false },
  'linux/386': { host: HostArchitecture.X64, emulated: false },
  'linux/arm64': { host: HostArchitecture.ARM64, emulated: false },
  'linux/arm/v7': { host: HostArchitecture.ARM64, emulated: true },
  'linux/arm/v6': { host: HostArchitecture.ARM64, emulated: true },
  'linux/ppc64le': { host: HostArchitecture.X64, emulated: true },
  'linux/s390x': { host: HostArchitecture.X64, emulated: true },
  'linux/riscv64': { host: HostArchitecture.X64, emulated: true },
};

const SEGMENT = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

/**
 * A target platform of an image, in Docker's `os/arch[/variant]` form.
 */
export class Platform {
  /** `linux/amd64`, native on x64 runners. */
  public static readonly LINUX_AMD64 = new Platform('linux', 'amd64');
  /** `linux/arm64`, native on arm64 runners. */
  public static readonly LINUX_ARM64 = new Platform('linux', 'arm64');
  /** `linux/arm/v7`, built on an arm64 runner with QEMU. */
  public static readonly LINUX_ARM_V7 = new Platform('linux', 'arm', 'v7');
  /** `linux/arm/v6`, built on an arm64 runner with QEMU. */
  public static readonly LINUX_ARM_V6 = new Platform('linux', 'arm', 'v6');
  /** `linux/386`, native on x64 runners. */
  public static readonly LINUX_386 = new Platform('linux', '386');
  /** `linux/ppc64le`, built on an x64 runner with QEMU. */
  public static readonly LINUX_PPC64LE = new Platform('linux', 'ppc64le');
  /** `linux/s390x`, built on an x64 runner with QEMU. */
  public static readonly LINUX_S390X = new Platform('linux', 's390x');
  /** `linux/riscv64`, built on an x64 runner with QEMU. */
  public static readonly LINUX_RISCV64 = new Platform('linux', 'riscv64');

  /**
   * A platform from its `os/arch[/variant]` string, e.g. `linux/arm/v7`.
   *
   * Docker's other spellings are normalized as Docker does (`linux/aarch64`
   * and `linux/arm64/v8` are `linux/arm64`, `linux/x86_64` is `linux/amd64`,
   * `linux/armhf` is `linux/arm/v7`); a value without the operating system
   * (`arm64/v8`) is refused with the constant to use. Platforms this library
   * does not know are built on x64 with QEMU.
   */
  public static of(value: string): Platform {
    const parts = typeof value === 'string' ? value.split('/') : [];
    if (parts.length >= 1 && parts.length <= 2 && isArchitectureName(parts[0])) {
      const meant = Platform.known(normalizePlatform('linux', parts[0], parts[1]));
      throw new Error(`Platform.of: "${value}" has no operating system; use ${meant ? `Platform.${meant.constant} ("${meant.platform.value}")` : `"linux/${value}"`}`);
    }
    if (parts.length < 2 || parts.length > 3 || !parts.every(part => SEGMENT.test(part) || isArchitectureName(part))) {
      throw new Error(`Platform.of: "${value}" is not a platform; expected lowercase "os/arch" or "os/arch/variant", e.g. "linux/amd64" or "linux/arm/v7"`);
    }
    // One platform, one spelling: linux/aarch64 and linux/arm64/v8 are linux/arm64, as in Docker.
    const normalized = normalizePlatform(parts[0], parts[1], parts[2]);
    const [os, architecture, variant] = normalized.split('/');
    return Platform.known(normalized)?.platform ?? new Platform(os, architecture, variant);
  }

  /** The constant for a canonical platform string, if there is one. */
  private static known(value: string): { platform: Platform; constant: string } | undefined {
    const constant = Object.getOwnPropertyNames(Platform)
      .find(key => (Platform as unknown as Record<string, unknown>)[key] instanceof Platform
        && (Platform as unknown as Record<string, Platform>)[key].value === value);
    return constant ? { platform: (Platform as unknown as Record<string, Platform>)[constant], constant } : undefined;
  }

  /** Operating system, e.g. `linux`. */
  public readonly os: string;
  /** CPU architecture, e.g. `arm`. */
  public readonly architecture: string;
  /**
   * CPU variant, e.g. `v7`.
   * @default - none
   */
  public readonly variant?: string;
  /** The `os/arch[/variant]` string that Docker uses, e.g. `linux/arm/v7`. */
  public readonly value: string;
  /** The platform as one artifact- and scope-safe word, e.g. `linux-arm-v7`. */
  public readonly pair: string;
  /** The runner architecture that builds this platform best. */
  public readonly host: HostArchitecture;
  /** Whether a leg of this platform needs QEMU even on its best host. */
  public readonly emulated: boolean;

  private constructor(os: string, architecture: string, variant?: string) {
    this.os = os;
    this.architecture = architecture;
    this.variant = variant;
    this.value = [os, architecture, variant].filter(Boolean).join('/');
    this.pair = this.value.replace(/\//g, '-');
    const traits = KNOWN_TRAITS[this.value] ?? { host: HostArchitecture.X64, emulated: true };
    this.host = traits.host;
    this.emulated = traits.emulated;
  }

  /** Returns the `os/arch[/variant]` string. */
  public toString(): string {
    return this.value;
  }
}
