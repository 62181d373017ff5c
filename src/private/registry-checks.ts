import { OptionKeys, unknownKeyProblems } from './option-keys';

/** One check of a factory call: whether it passed, and what to say when it did not. */
export type Check = [boolean, string];

const SECRET = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/;
/** Contexts whose values differ between jobs or steps, or are not allowed in `if:`. */
const JOB_LOCAL_CONTEXT = /\b(steps|needs|matrix|strategy|job|jobs|runner|env|secrets)\s*\./;

/** Collects what is wrong with one factory call (unknown keys first) and throws it as one Error. */
export function check(factory: string, options: unknown, keys: OptionKeys, checks: Check[]): void {
  const problems = [
    ...unknownKeyProblems('options', options, keys),
    ...checks.filter(([ok]) => !ok).map(([, problem]) => problem),
  ];
  if (problems.length) {
    throw new Error(`Registry.${factory}: ${problems.join('; ')}`);
  }
}

export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function secretCheck(option: string, value: unknown): Check {
  return [typeof value === 'string' && SECRET.test(value),
    `${option} ${show(value)} is not a secret name; use letters, digits and "_", not starting with a digit or GITHUB_`];
}

/**
 * The user name comes from a secret or from a repository variable, never
 * both. Returns the checks and the secret to use (the default one when
 * neither is given).
 */
export function usernameChecks(options: { usernameSecret?: string; usernameVariable?: string } | undefined, defaultSecret: string):
{ checks: Check[]; usernameSecret?: string; usernameVariable?: string } {
  const variable = options?.usernameVariable;
  const secret = options?.usernameSecret ?? (variable === undefined ? defaultSecret : undefined);
  const checks: Check[] = [
    [options?.usernameSecret === undefined || variable === undefined,
      `usernameSecret ${show(options?.usernameSecret)} and usernameVariable ${show(variable)} are both set; give exactly one`],
  ];
  if (secret !== undefined) checks.push(secretCheck('usernameSecret', secret));
  if (variable !== undefined) {
    checks.push([typeof variable === 'string' && SECRET.test(variable),
      `usernameVariable ${show(variable)} is not a variable name; use letters, digits and "_", not starting with a digit or GITHUB_`]);
  }
  return { checks, usernameSecret: secret, usernameVariable: variable };
}

/**
 * A registry's `condition` is the body of a GitHub expression, evaluated the
 * same way in every job of a run: no `${{ }}` around it, one line, balanced
 * quotes and parentheses, and only run-wide contexts (`github`, `vars`,
 * `inputs`).
 */
export function conditionCheck(value: unknown): Check {
  if (value === undefined) return [true, ''];
  const problem = conditionProblem(value);
  return [problem === undefined, `condition ${show(value)} ${problem}`];
}

function conditionProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return "is not an expression; give the body of a GitHub expression, e.g. \"github.event_name != 'schedule'\"";
  }
  if (value.includes('${{') || value.includes('}}')) {
    return "must be the expression's body without ${{ }}, e.g. \"github.event_name != 'schedule'\"";
  }
  if (/[\n\r]/.test(value)) return 'must be on one line';
  const quotes = (value.match(/'/g) ?? []).length;
  const unquoted = value.replace(/'(?:[^']|'')*'/g, "''");
  let depth = 0;
  for (const c of unquoted) {
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth < 0) break;
  }
  if (quotes % 2 !== 0 || depth !== 0) return 'has unbalanced quotes or parentheses';
  const local = JOB_LOCAL_CONTEXT.exec(unquoted);
  if (local) {
    return `uses the ${local[1]} context, which differs between jobs (or is not allowed in if:); use github, vars or inputs`;
  }
  return undefined;
}
