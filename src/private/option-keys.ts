/**
 * Refusing unknown keys in options objects. TypeScript users get a compile
 * error for a misspelt option; a JavaScript (or Python) user's `cacheScope`
 * would otherwise be ignored without a word.
 *
 * Each options interface declares its table of keys next to it with
 * `optionKeys<Interface>('Interface', { ... })`: the compiler insists the
 * table lists every key of the interface and nothing else, so it cannot drift
 * from the interface, and a test checks that every exported options
 * interface has a table.
 */

/** Every key of `T`, optional ones included, each mapped to `true`. */
export type KeyTable<T> = { readonly [K in keyof Required<T>]: true };

/** The allowed keys of one options interface. */
export interface OptionKeys {
  /** The interface's name, for messages. */
  readonly name: string;
  readonly keys: readonly string[];
}

const TABLES = new Map<string, OptionKeys>();

/** Declares the keys of options interface `name`. */
export function optionKeys<T>(name: string, table: KeyTable<T>): OptionKeys {
  const keys = { name, keys: Object.keys(table) };
  TABLES.set(name, keys);
  return keys;
}

/** Every declared table, by interface name (for tests). */
export function declaredOptionKeys(): ReadonlyMap<string, OptionKeys> {
  return TABLES;
}

/**
 * What is wrong with the keys of `value` given as `option`: one sentence per
 * unknown key, naming it and the allowed ones. Values that are not plain
 * objects are left to the option's own checks.
 */
export function unknownKeyProblems(option: string, value: unknown, allowed: OptionKeys): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.keys(value)
    .filter(key => !allowed.keys.includes(key))
    .map(key => `${option} has no option ${JSON.stringify(key)}; ${allowed.name} allows ${allowed.keys.join(', ')}`);
}

/** Throws a plain Error for the first unknown key of `value`. */
export function refuseUnknownKeys(subject: string, option: string, value: unknown, allowed: OptionKeys): void {
  const problems = unknownKeyProblems(option, value, allowed);
  if (problems.length) {
    throw new Error(`${subject}: ${problems.join('; ')}`);
  }
}
