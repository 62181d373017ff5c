/**
 * Options for GitHub Container Registry.
 */
export interface GhcrOptions {
  /**
   * A fixed, lowercase namespace (user or organisation) to push under, e.g. `acme`.
   *
   * @default - the repository owner, lowercased when the workflow runs
   */
  readonly namespace?: string;
}

/**
 * The kinds of registry this library knows how to log in to.
 */
export enum RegistryKind {
  /** GitHub Container Registry, authenticated with the workflow's `GITHUB_TOKEN`. */
  GHCR = 'ghcr',
}

const NAMESPACE = /^[a-z0-9]+(?:(?:\.|_|__|-)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-)[a-z0-9]+)*)*$/;

/**
 * A container registry that images are pushed to.
 */
export class Registry {
  /**
   * GitHub Container Registry: `ghcr.io/<owner>/<image>`.
   *
   * Owners may contain capital letters, which registries reject; without a
   * `namespace` the workflow lowercases the owner before it pushes.
   */
  public static ghcr(options: GhcrOptions = {}): Registry {
    if (options.namespace !== undefined && !NAMESPACE.test(options.namespace)) {
      throw new Error(`Registry.ghcr: namespace "${options.namespace}" is not valid; use lowercase letters and digits separated by ".", "_", "__", "-" or "/", e.g. "acme"`);
    }
    return new Registry(RegistryKind.GHCR, 'ghcr.io', options.namespace);
  }

  /** Which registry this is. */
  public readonly kind: RegistryKind;
  /** The registry host, e.g. `ghcr.io`. */
  public readonly host: string;
  /**
   * The fixed namespace that images are pushed under.
   * @default - decided when the workflow runs (see each factory)
   */
  public readonly namespace?: string;

  private constructor(kind: RegistryKind, host: string, namespace?: string) {
    this.kind = kind;
    this.host = host;
    this.namespace = namespace;
  }

  /** A short description for messages and summaries. */
  public toString(): string {
    return `${this.host}/${this.namespace ?? '<owner>'}`;
  }
}
