import { Provenance } from '../provenance';
import { SupplyChainOptions } from '../supply-chain';
import { Problems, show } from './problems';

/** Supply-chain settings with every default applied. */
export interface ResolvedSupplyChain {
  /** Undefined leaves buildx's own default. */
  readonly provenance?: Provenance;
  readonly sbom: boolean;
  readonly attest: boolean;
  readonly sign: boolean;
}

export const NO_SUPPLY_CHAIN: ResolvedSupplyChain = { sbom: false, attest: false, sign: false };

/**
 * Checks `options`' supply-chain settings (`prefix` names where they sit,
 * e.g. `images[0].`) and falls back to `defaults` for each one not set.
 */
export function resolveSupplyChain(
  problems: Problems, prefix: string, options: SupplyChainOptions, defaults: ResolvedSupplyChain,
): ResolvedSupplyChain {
  let provenance = defaults.provenance;
  if (options.provenance !== undefined) {
    if (options.provenance instanceof Provenance) {
      provenance = options.provenance;
    } else {
      problems.add(`${prefix}provenance ${show(options.provenance)} is not a Provenance; use Provenance.MIN, Provenance.MAX or Provenance.OFF`);
    }
  }
  const flag = (name: 'sbom' | 'attest' | 'sign'): boolean => {
    const value = options[name];
    if (value === undefined) return defaults[name];
    if (typeof value !== 'boolean') {
      problems.add(`${prefix}${name} ${show(value)} must be true or false`);
      return false;
    }
    return value;
  };
  return { provenance, sbom: flag('sbom'), attest: flag('attest'), sign: flag('sign') };
}
