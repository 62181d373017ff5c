/**
 * The SLSA provenance attestation buildx attaches to each platform image
 * (build-push-action's `provenance` input).
 */
export class Provenance {
  /** Minimal provenance: the build's inputs without its full definition. */
  public static readonly MIN = new Provenance('mode=min');

  /**
   * Full provenance: also the build definition, its steps and the source
   * (build arguments and secrets' names included; never secret values).
   */
  public static readonly MAX = new Provenance('mode=max');

  /** No provenance attestation: plain platform manifests. */
  public static readonly OFF = new Provenance('false');

  /** The value build-push-action's `provenance` input receives. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }

  /** Returns the `provenance` input value, e.g. `mode=max`. */
  public toString(): string {
    return this.value;
  }
}
