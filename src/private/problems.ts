import { BuildStrategy } from '../build-strategy';
import { Platform } from '../platform';
import { Runner } from '../runner';
import { TagRule } from '../tags';

/** Collects problems so one error can name all of them. */
export class Problems {
  private readonly list: string[] = [];

  public add(problem: string): void {
    this.list.push(problem);
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

export function show(value: unknown): string {
  if (value instanceof Platform || value instanceof Runner || value instanceof TagRule || value instanceof BuildStrategy) {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
