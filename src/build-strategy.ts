/**
 * How the platforms of one image are built.
 */
export class BuildStrategy {
  /**
   * One job per platform on a runner of that platform's architecture, each
   * pushing by digest, then a merge job that publishes the multi-arch index.
   * The fast path for large images.
   */
  public static readonly NATIVE = new BuildStrategy('native');

  /**
   * One job on an x64 runner that builds every platform under QEMU and
   * pushes them by digest; tags move after the planned index is checked.
   * Fine for small images.
   */
  public static readonly EMULATED = new BuildStrategy('emulated');

  /** The strategy's name, `native` or `emulated`. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** Returns the strategy's name. */
  public toString(): string {
    return this.name;
  }
}
