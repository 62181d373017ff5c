import { BuildStrategy } from '../build-strategy';
import { Platform } from '../platform';
import { Runner } from '../runner';
import { TagRule } from '../tags';
import { OptionKeys, unknownKeyProblems } from './option-keys';

/** Collects problems so one error can name all of them. */
export class Problems {
  private readonly list: string[] = [];

  public add(problem: string): void {
    this.list.push(problem);
  }

  /** Adds what is wrong with the keys of an options object (see option-keys.ts). */
  public addUnknownKeys(option: string, value: unknown, allowed: OptionKeys): void {
    this.list.push(...unknownKeyProblems(option, value, allowed));
  }

  /** Throws one Error listing every problem, if there are any. */
  public throwIfAny(subject: string): void {
    if (this.list.length === 1) {
      throw new Error(`${subject}: ${this.list[0]}`);
    }
    if (this.list.length > 1) {
      throw new Error(`${subject}: ${this.list.length} problems:\n${this.list.map(p => `  - ${p}`).join('\n')}`);
    }
  }
}

/** An enum-like class of the public API, as errors name it. */
interface Kind {
  readonly name: string;
  readonly prototype: object;
}

/**
 * A value as an error shows it: JSON where it can, the class's own string
 * form for our enum-like classes, and never a function's source code.
 */
export function show(value: unknown): string {
  if (typeof value === 'function') {
    return value.name ? `${value.name} (a function)` : '(a function)';
  }
  if (value instanceof Platform || value instanceof Runner || value instanceof TagRule || value instanceof BuildStrategy) {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Checks that `value` is an instance of `kind`. If not, records
 * `<option> <value> is not a <Kind>; <advice>`, or, for one of the class's own
 * factories passed without calling it (`Registry.ghcr`), "did you mean
 * `Registry.ghcr()`?".
 */
export function checkInstance(problems: Problems, option: string, value: unknown, kind: Kind, advice: string): boolean {
  if (value instanceof (kind as unknown as new () => object)) return true;
  const factory = uncalledFactory(value, kind);
  problems.add(factory
    ? `${option} is the factory ${factory.name} itself, not a ${kind.name}; did you mean \`${factory.call}\`?`
    : `${option} ${show(value)} is not a ${kind.name}; ${advice}`);
  return false;
}

/** The name of `value` as a static method of `kind`, and how to call it. */
function uncalledFactory(value: unknown, kind: Kind): { name: string; call: string } | undefined {
  if (typeof value !== 'function') return undefined;
  const key = Object.getOwnPropertyNames(kind).find(k => (kind as unknown as Record<string, unknown>)[k] === value);
  if (!key) return undefined;
  const name = `${kind.name}.${key}`;
  // Required or rest parameters (`Runner.labels(...labels)`) get `(...)`, so the hint is a call that works.
  const takesArguments = value.length > 0 || /^[^)]*\.\.\./.test(Function.prototype.toString.call(value));
  return { name, call: takesArguments ? `${name}(...)` : `${name}()` };
}
