import { TagRule } from '../tags';
import { checkInstance, Problems, show } from './problems';

/** Checks a list of tag rules; `undefined` stays undefined. */
export function checkTagRules(problems: Problems, option: string, value: unknown): TagRule[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(`${option} ${show(value)} must be a non-empty list of TagRule (e.g. [TagRule.semver('{{version}}')])`);
    return undefined;
  }
  value.forEach((rule, i) => {
    if (typeof rule === 'string') {
      problems.add(`${option}[${i}] ${show(rule)} is a string, not a TagRule; ${adviceForString(rule)}`);
    } else {
      checkInstance(problems, `${option}[${i}]`, rule, TagRule, "use a factory such as TagRule.semver('{{version}}') or TagRule.raw('latest')");
    }
  });
  const seen = new Set<string>();
  for (const rule of value) {
    if (!(rule instanceof TagRule)) continue;
    if (seen.has(rule.expression)) {
      problems.add(`${option} lists ${show(rule.expression)} twice`);
    }
    seen.add(rule.expression);
  }
  return value as TagRule[];
}

/** The factory that writes what a string tag most likely meant. */
function adviceForString(text: string): string {
  if (/^type=/.test(text)) {
    return "write metadata-action's rules with the TagRule factories, e.g. TagRule.semver('{{version}}') for type=semver,pattern={{version}}";
  }
  if (/\{\{\s*(version|major|minor|patch)\s*\}\}/.test(text)) {
    return `use \`TagRule.semver(${quote(text)})\``;
  }
  return `use \`TagRule.raw(${quote(text)})\``;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
