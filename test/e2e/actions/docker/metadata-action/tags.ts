import * as semver from 'semver';

/** What a tag rule sees of the run (from GITHUB_* and the event payload). */
export interface RunContext {
  readonly eventName: string;
  readonly ref: string;
  readonly sha: string;
  readonly prNumber?: number;
  readonly defaultBranch: string;
  readonly now: Date;
}

/** One `type=...` line of the `tags` input, as attributes. */
export type Rule = Record<string, string>;

/** A tag value with the priority that orders tags and picks the main version. */
export interface TagValue { readonly value: string; readonly priority: number; readonly latest: boolean }

const PRIORITY: Record<string, number> = { schedule: 1000, semver: 900, match: 800, edge: 700, ref: 600, raw: 200, sha: 100 };

export function parseRule(line: string): Rule {
  const rule: Rule = {};
  for (const field of line.split(',')) {
    const at = field.indexOf('=');
    if (at > 0) rule[field.slice(0, at).trim()] = field.slice(at + 1).trim();
  }
  if (!rule.type) throw new Error(`Unknown tag type attribute: ${line}`);
  return rule;
}

/** The values one rule gives for this run (none when the rule does not apply). */
export function ruleValues(rule: Rule, ctx: RunContext): TagValue[] {
  if (rule.enable === 'false') return [];
  const priority = Number(rule.priority ?? PRIORITY[rule.type] ?? 0);
  const make = (value: string, latest = false): TagValue[] =>
    [{ value: `${rule.prefix ?? ''}${value}${rule.suffix ?? ''}`, priority, latest }];
  const tag = ctx.ref.startsWith('refs/tags/') ? ctx.ref.slice('refs/tags/'.length) : undefined;
  const branch = ctx.ref.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : undefined;
  switch (rule.type) {
    case 'raw': return make(rule.value ?? '');
    case 'semver': {
      const raw = rule.value ?? tag;
      const version = raw === undefined ? null : semver.parse(raw, { loose: true });
      if (!version) return [];
      const pattern = version.prerelease.length > 0 ? '{{version}}' : (rule.pattern ?? '{{version}}');
      const value = pattern
        .replace(/\{\{\s*version\s*\}\}/g, version.version)
        .replace(/\{\{\s*major\s*\}\}/g, String(version.major))
        .replace(/\{\{\s*minor\s*\}\}/g, String(version.minor))
        .replace(/\{\{\s*patch\s*\}\}/g, String(version.patch))
        .replace(/\{\{\s*raw\s*\}\}/g, raw ?? '');
      return make(value, version.prerelease.length === 0);
    }
    case 'ref':
      if (rule.event === 'branch' && branch !== undefined) return make(sanitize(branch));
      if (rule.event === 'tag' && tag !== undefined) return make(sanitize(tag), true);
      if (rule.event === 'pr' && ctx.prNumber !== undefined) return make(`pr-${ctx.prNumber}`);
      return [];
    case 'match': {
      // As metadata-action: the value (or the Git tag, `/` made `-`), matched by the pattern
      // (`/re/flags` or a plain regex), its group (0 by default) the tag; latest under flavor auto.
      const raw = rule.value ?? tag?.replace(/\//g, '-');
      if (raw === undefined || raw === '') return [];
      const literal = /^\/(.+)\/(.*)$/.exec(rule.pattern ?? '');
      const found = raw.match(literal ? new RegExp(literal[1], literal[2]) : new RegExp(rule.pattern ?? ''));
      const value = found?.[Number(rule.group ?? '0')];
      return value === undefined ? [] : make(value, true);
    }
    case 'sha': return make(`sha-${rule.format === 'long' ? ctx.sha : ctx.sha.slice(0, 7)}`);
    case 'edge': return branch !== undefined && branch === (rule.branch ?? ctx.defaultBranch) ? make('edge') : [];
    case 'schedule': return ctx.eventName === 'schedule' ? make(nightly(rule.pattern ?? 'nightly', ctx.now)) : [];
    default: throw new Error(`The e2e metadata-action does not model tag type ${rule.type}`);
  }
}

function sanitize(ref: string): string {
  return ref.replace(/[^a-zA-Z0-9._-]+/g, '-');
}

function nightly(pattern: string, now: Date): string {
  return pattern.replace(/\{\{\s*date\s+'YYYYMMDD'\s*\}\}/g, now.toISOString().slice(0, 10).replace(/-/g, ''));
}
