import { Provenance } from './provenance';

/**
 * What the published images carry to prove where they came from, publisher
 * wide or per image (an image's own setting wins).
 */
export interface SupplyChainOptions {
  /**
   * The SLSA provenance attestation of each platform image; the published
   * index keeps every platform's attestation manifest.
   * @default - buildx's own default (minimal provenance on public builds)
   */
  readonly provenance?: Provenance;
  /**
   * Attach an SBOM attestation (BuildKit's scanner) to each platform image.
   * @default false
   */
  readonly sbom?: boolean;
  /**
   * After the index is created and verified, a GitHub artifact attestation
   * (`actions/attest`) of the index digest in each registry, pushed to the
   * registry. Needs `id-token: write` and `attestations: write`, granted to
   * the publishing job only; consumers check it with `gh attestation verify`.
   * @default false
   */
  readonly attest?: boolean;
  /**
   * After the index is created and verified, sign its digest in each
   * registry with cosign keyless signing (GitHub's OIDC identity, never a
   * tag), then `cosign verify` it against this workflow's identity.
   * @default false
   */
  readonly sign?: boolean;
}
