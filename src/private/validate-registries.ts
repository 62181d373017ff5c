import { Registry } from '../registry';
import { checkInstance, Problems, show } from './problems';

/** A non-empty list of distinct registries; `undefined` stays undefined. */
export function checkRegistries(problems: Problems, option: string, value: unknown): Registry[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(`${option} ${show(value)} must be a non-empty list of Registry (e.g. [Registry.ghcr()])`);
    return undefined;
  }
  const seen = new Set<string>();
  value.forEach((registry, i) => {
    if (!checkInstance(problems, `${option}[${i}]`, registry, Registry, 'use a factory such as Registry.ghcr()')) return;
    if (seen.has(registry.toString())) {
      problems.add(`${option} lists ${registry.toString()} twice`);
    } else {
      seen.add(registry.toString());
    }
  });
  return value as Registry[];
}
