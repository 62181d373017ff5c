import { BuildLeg } from './model';

/**
 * Build arguments whose value holds a GitHub expression (`${{ ... }}`) are
 * read when the build step runs: a matrix `include` may only use `github`,
 * `inputs`, `vars` and `needs`, so `${{ steps.meta.outputs.version }}` there
 * makes GitHub reject the whole file. Static values stay in the matrix;
 * expression values are written into the build step's `build-args` input.
 */

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

/** `secrets.X`, `secrets['X']` and the job token: values that must never become a build argument. */
const SECRET_REFERENCE = /\bsecrets\s*(\.|\[)|\bgithub\s*\.\s*token\b/;

export function isExpression(value: string): boolean {
  return value.includes('${{');
}

/**
 * A problem for every value that is not a well-formed expression template,
 * or that would put a secret into the image: build arguments are stored in
 * the image's history and provenance, where anyone who can pull the image
 * reads them.
 */
export function buildArgExpressionProblems(option: string, args: Record<string, string>): string[] {
  const problems: string[] = [];
  const show = JSON.stringify;
  for (const [key, value] of Object.entries(args)) {
    if (!isExpression(value)) continue;
    const unclosed = value.replace(EXPRESSION, '').includes('${{');
    if (unclosed) {
      problems.push(`${option}.${key} ${show(value)} has a "\${{" without its closing "}}"`);
      continue;
    }
    const expressions = [...value.matchAll(EXPRESSION)].map(match => match[1]);
    if (expressions.some(expression => SECRET_REFERENCE.test(expression))) {
      problems.push(`${option}.${key} ${show(value)} reads a secret; build arguments are stored in the image's history, so pass it with buildSecrets (e.g. buildSecrets: { ${key.toLowerCase()}: 'MY_SECRET' }) and read it with RUN --mount=type=secret`);
    }
  }
  return problems;
}

/** One leg's build arguments, split by where they are written. */
export function splitBuildArgs(args: Record<string, string>): { static: Record<string, string>; dynamic: Record<string, string> } {
  const result = { static: {} as Record<string, string>, dynamic: {} as Record<string, string> };
  for (const [key, value] of Object.entries(args)) {
    (isExpression(value) ? result.dynamic : result.static)[key] = value;
  }
  return result;
}

/**
 * The lines of a matrix build step's `build-args` input that carry
 * expression values. An argument every leg gives the same value is one
 * plain `KEY=${{ ... }}` line; one that only some legs have, or that differs
 * between legs, becomes a line that is empty (and so ignored by
 * build-push-action) on every other leg, so a leg never gets an argument it
 * does not set (an empty argument would override the Dockerfile's default).
 */
export function dynamicBuildArgLines(legs: BuildLeg[]): string[] {
  const byLine = new Map<string, { key: string; value: string; pairs: string[] }>();
  for (const leg of legs) {
    for (const [key, value] of Object.entries(splitBuildArgs(leg.buildArgs).dynamic)) {
      const line = `${key}=${value}`;
      const entry = byLine.get(line) ?? { key, value, pairs: [] };
      entry.pairs.push(leg.platform.pair);
      byLine.set(line, entry);
    }
  }
  return [...byLine.entries()].map(([line, { key, value, pairs }]) => {
    if (pairs.length === legs.length) return line;
    const condition = pairs.map(pair => `matrix.pair == '${pair}'`).join(' || ');
    return `\${{ (${condition}) && ${formatCall(`${key}=`, value)} || '' }}`;
  });
}

/**
 * Rewrites `prefix` + a template such as `v${{ github.sha }}-x` as one
 * expression, `format('KEY=v{0}-x', (github.sha))`, which is never empty
 * and so survives the `&&`/`||` choice above even when the value is.
 */
function formatCall(prefix: string, template: string): string {
  const args: string[] = [];
  let pattern = '';
  let last = 0;
  for (const match of template.matchAll(EXPRESSION)) {
    pattern += escapeFormatText(template.slice(last, match.index));
    pattern += `{${args.length}}`;
    args.push(`(${match[1].trim()})`);
    last = match.index! + match[0].length;
  }
  pattern += escapeFormatText(template.slice(last));
  return `format('${escapeFormatText(prefix)}${pattern}', ${args.join(', ')})`;
}

/** Literal text inside a `format()` pattern in a single-quoted expression string. */
function escapeFormatText(text: string): string {
  return text.replace(/'/g, "''").replace(/\{/g, '{{').replace(/\}/g, '}}');
}
