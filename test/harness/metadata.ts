/**
 * A model of docker/metadata-action (v5/v6): tag rules, flavor, labels and
 * its outputs, following its source (src/meta.ts, src/tag.ts, src/image.ts):
 *  - images are lowercased (and may be given as `name=...,enable=...`);
 *  - rules are sorted by priority; the first produced value is `version`;
 *  - `flavor: latest=auto` (the default) adds `latest` when the first rule
 *    that produced a value is semver (not a pre-release), match or ref/tag;
 *  - values are sanitised (`[^a-zA-Z0-9._-]+` becomes `-`);
 *  - `enable`, `prefix`, `suffix`, `priority` per rule.
 * Rule values are de-duplicated, but the flavor's `latest` is appended as the
 * action appends it: next to a `type=raw,value=latest` rule, `latest` is
 * listed twice (as a real run showed), and scripts must cope with that.
 */

export interface MetadataContext {
  readonly eventName: string;
  readonly ref: string;
  readonly sha: string;
  readonly repoName: string;
  readonly owner: string;
  readonly defaultBranch: string;
  readonly date: Date;
  /** `DOCKER_METADATA_ANNOTATIONS_LEVELS` (comma-separated; default `manifest`). */
  readonly annotationLevels?: string;
  /** `DOCKER_METADATA_SHORT_SHA_LENGTH` (default 7). */
  readonly shortShaLength?: number;
  /** Pull requests: the base branch (`{{base_ref}}`). */
  readonly baseRef?: string;
  /**
   * Pull requests with `DOCKER_METADATA_PR_HEAD_SHA=true`: the head commit,
   * used instead of the merge commit.
   */
  readonly prHeadSha?: string;
}

export interface MetadataResult {
  readonly version: string;
  readonly tags: string[];
  readonly tagNames: string[];
  readonly labels: string[];
  readonly annotations: string[];
  readonly json: { tags: string[]; labels: Record<string, string>; annotations: string[] };
}

export class MetadataError extends Error {}

/** Splits one CSV line (double quotes group commas), like csv-parse does for metadata-action. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') { quoted = false; } else { field += c; }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) throw new MetadataError(`unterminated quote in ${JSON.stringify(line)}`);
  fields.push(field);
  return fields;
}

/** metadata-action's input lists: one item per line, `#` comments and blank lines dropped. */
export function inputLines(value: string): string[] {
  return value.split(/\r?\n/).map(l => l.trim()).filter(l => l !== '' && !l.startsWith('#'));
}

const PRIORITIES: Record<string, number> = {
  schedule: 1000, semver: 900, pep440: 900, match: 800, edge: 700, ref: 600, raw: 200, sha: 100,
};

interface Rule {
  type: string;
  attrs: Record<string, string>;
  priority: number;
  order: number;
}

function parseRule(line: string, order: number): Rule {
  const attrs: Record<string, string> = {};
  let type: string | undefined;
  for (const field of parseCsvLine(line)) {
    const eq = field.indexOf('=');
    if (eq < 0) { attrs.value = field.trim(); continue; }
    const key = field.slice(0, eq).trim().toLowerCase();
    const value = field.slice(eq + 1).trim();
    if (key === 'type') {
      if (!(value in PRIORITIES)) throw new MetadataError(`Unknown tag type attribute: ${value}`);
      type = value;
    } else {
      attrs[key] = value;
    }
  }
  type ??= 'raw';
  const need = (key: string) => {
    if (!(key in attrs)) throw new MetadataError(`Missing ${key} attribute for ${line}`);
  };
  switch (type) {
    case 'schedule': attrs.pattern ??= 'nightly'; break;
    case 'semver': case 'pep440': need('pattern'); attrs.value ??= ''; break;
    case 'match': need('pattern'); attrs.group ??= '0'; attrs.value ??= ''; break;
    case 'edge': attrs.branch ??= ''; break;
    case 'ref':
      need('event');
      if (!['branch', 'tag', 'pr'].includes(attrs.event)) throw new MetadataError(`Invalid event for ${line}`);
      if (attrs.event === 'pr' && !('prefix' in attrs)) attrs.prefix = 'pr-';
      break;
    case 'raw': need('value'); break;
    case 'sha':
      if (!('prefix' in attrs)) attrs.prefix = 'sha-';
      attrs.format ??= 'short';
      if (!['short', 'long'].includes(attrs.format)) throw new MetadataError(`Invalid format for ${line}`);
      break;
  }
  attrs.enable ??= 'true';
  const priority = 'priority' in attrs ? Number(attrs.priority) : PRIORITIES[type];
  return { type, attrs, priority, order };
}

function formatDate(date: Date, format: string): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return format.replace(/YYYY|MM|DD|HH|mm|ss/g, token => ({
    YYYY: pad(date.getUTCFullYear(), 4),
    MM: pad(date.getUTCMonth() + 1),
    DD: pad(date.getUTCDate()),
    HH: pad(date.getUTCHours()),
    mm: pad(date.getUTCMinutes()),
    ss: pad(date.getUTCSeconds()),
  } as Record<string, string>)[token]);
}

/** A tiny Handlebars: `{{name}}` and `{{date 'FORMAT'}}`; anything unknown throws. */
function render(template: string, vars: Record<string, string | ((arg?: string) => string)>): string {
  return template.replace(/\{\{\s*([A-Za-z_]+)(?:\s+'([^']*)')?\s*\}\}/g, (_all, name: string, arg?: string) => {
    const v = vars[name];
    if (v === undefined) throw new MetadataError(`the harness's metadata-action does not know {{${name}}} in ${JSON.stringify(template)}`);
    return typeof v === 'function' ? v(arg) : v;
  });
}

const SEMVER = /^[v=]?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

export function computeMetadata(inputs: Record<string, string>, ctx: MetadataContext): MetadataResult {
  const isTag = ctx.ref.startsWith('refs/tags/');
  const isBranch = ctx.ref.startsWith('refs/heads/');
  const isPr = ctx.ref.startsWith('refs/pull/');
  const gitTag = isTag ? ctx.ref.slice('refs/tags/'.length) : '';
  const branch = isBranch ? ctx.ref.slice('refs/heads/'.length) : '';
  const sha = isPr && ctx.prHeadSha ? ctx.prHeadSha : ctx.sha;
  const shortSha = sha.slice(0, ctx.shortShaLength ?? 7);

  const globals: Record<string, string | ((arg?: string) => string)> = {
    branch,
    tag: gitTag,
    sha: shortSha,
    base_ref: isPr ? ctx.baseRef ?? '' : '',
    is_default_branch: branch !== '' && branch === ctx.defaultBranch ? 'true' : (/schedule/.test(ctx.eventName) ? 'true' : 'false'),
    date: (fmt?: string) => formatDate(ctx.date, fmt ?? 'YYYYMMDD'),
    commit_date: (fmt?: string) => formatDate(ctx.date, fmt ?? 'YYYYMMDD'),
  };
  const global = (s: string) => render(s, globals);

  // images
  const images: string[] = [];
  for (const line of inputLines(inputs.images ?? '')) {
    let name = '';
    let enable = true;
    for (const field of parseCsvLine(line)) {
      const eq = field.indexOf('=');
      if (eq < 0) { name = field.trim(); continue; }
      const key = field.slice(0, eq).trim().toLowerCase();
      const value = field.slice(eq + 1).trim();
      if (key === 'name') name = value;
      else if (key === 'enable') enable = value === 'true';
      else throw new MetadataError(`Unknown image attribute: ${line}`);
    }
    // Old format: one line of comma-separated names.
    if (!line.includes('=') && line.includes(',')) {
      images.push(...parseCsvLine(line).map(n => n.trim().toLowerCase()).filter(Boolean));
      continue;
    }
    if (name === '') throw new MetadataError(`Image name attribute empty: ${line}`);
    if (enable) images.push(name.toLowerCase());
  }

  // flavor
  const flavor = { latest: 'auto', prefix: '', suffix: '', prefixLatest: false, suffixLatest: false };
  for (const line of inputLines(inputs.flavor ?? '')) {
    // `onlatest` applies to the prefix or suffix before it on the same line.
    let onLatestFor = '';
    for (const field of parseCsvLine(line)) {
      const [key, ...rest] = field.split('=');
      const value = rest.join('=').trim();
      switch (key.trim().toLowerCase()) {
        case 'latest':
          if (!['auto', 'true', 'false'].includes(value)) throw new MetadataError(`Invalid latest flavor ${value}`);
          flavor.latest = value;
          break;
        case 'prefix': flavor.prefix = value; onLatestFor = 'prefix'; break;
        case 'suffix': flavor.suffix = value; onLatestFor = 'suffix'; break;
        case 'onlatest':
          if (!['true', 'false'].includes(value)) throw new MetadataError(`Invalid value for onlatest attribute: ${value}`);
          if (onLatestFor === 'prefix') flavor.prefixLatest = value === 'true';
          if (onLatestFor === 'suffix') flavor.suffixLatest = value === 'true';
          break;
        case 'prefix-latest': flavor.prefixLatest = value === 'true'; break;
        case 'suffix-latest': flavor.suffixLatest = value === 'true'; break;
        default: throw new MetadataError(`Unknown flavor entry: ${line}`);
      }
    }
  }

  // tag rules
  let lines = inputLines(inputs.tags ?? '');
  if (lines.length === 0) lines = ['type=schedule', 'type=ref,event=branch', 'type=ref,event=tag', 'type=ref,event=pr'];
  const rules = lines.map(parseRule).sort((a, b) => b.priority - a.priority || a.order - b.order);

  let main: string | undefined;
  const partial: string[] = [];
  let latest: boolean | undefined;
  const latestFor = (auto: boolean) => (flavor.latest === 'auto' ? auto : flavor.latest === 'true');
  const withAffixes = (val: string, rule: Rule) => {
    let v = val;
    v = 'prefix' in rule.attrs ? global(rule.attrs.prefix) + v : global(flavor.prefix) + v;
    v = 'suffix' in rule.attrs ? v + global(rule.attrs.suffix) : v + global(flavor.suffix);
    return v;
  };
  const set = (val: string, isLatest: boolean) => {
    if (val.length === 0) return;
    const clean = val.replace(/[^a-zA-Z0-9._-]+/g, '-');
    if (main === undefined) main = clean;
    else if (clean !== main) partial.push(clean);
    if (latest === undefined) latest = isLatest;
  };

  for (const rule of rules) {
    const enabled = global(rule.attrs.enable);
    if (!['true', 'false'].includes(enabled)) throw new MetadataError(`Invalid value for enable attribute: ${enabled}`);
    if (enabled !== 'true') continue;
    switch (rule.type) {
      case 'schedule':
        if (/schedule/.test(ctx.eventName)) set(withAffixes(global(rule.attrs.pattern), rule), latestFor(false));
        break;
      case 'semver': {
        if (!isTag && rule.attrs.value === '') break;
        const raw = rule.attrs.value !== '' ? global(rule.attrs.value) : gitTag.replace(/\//g, '-');
        const m = SEMVER.exec(raw);
        if (!m) break; // metadata-action warns "not a valid semver" and skips the rule
        const [, major, minor, patch, pre, build] = m;
        const version = `${major}.${minor}.${patch}${pre ? `-${pre}` : ''}`;
        const vars = { raw, version, major, minor, patch, prerelease: pre ?? '', build: build ?? '' };
        if (pre) {
          const isRaw = /^\{\{\s*raw\s*\}\}$/.test(rule.attrs.pattern);
          set(withAffixes(render(isRaw ? rule.attrs.pattern : '{{version}}', vars), rule), latestFor(false));
        } else {
          set(withAffixes(render(rule.attrs.pattern, vars), rule), latestFor(true));
        }
        break;
      }
      case 'match': {
        if (!isTag && rule.attrs.value === '') break;
        const raw = rule.attrs.value !== '' ? global(rule.attrs.value) : gitTag;
        const re = /^\/(.+)\/(.*)$/.exec(rule.attrs.pattern);
        const m = raw.match(re ? new RegExp(re[1], re[2]) : new RegExp(rule.attrs.pattern));
        const group = m?.[Number(rule.attrs.group)];
        if (group === undefined) break;
        set(withAffixes(group, rule), latestFor(true));
        break;
      }
      case 'ref':
        if (rule.attrs.event === 'branch' && isBranch) set(withAffixes(branch, rule), latestFor(false));
        if (rule.attrs.event === 'tag' && isTag) set(withAffixes(gitTag, rule), latestFor(true));
        if (rule.attrs.event === 'pr' && isPr) set(withAffixes(ctx.ref.replace(/^refs\/pull\//, '').replace(/\/merge$/, ''), rule), latestFor(false));
        break;
      case 'edge': {
        if (!isBranch) break;
        const edgeBranch = rule.attrs.branch || ctx.defaultBranch;
        if (edgeBranch === branch) set(withAffixes('edge', rule), latestFor(false));
        break;
      }
      case 'raw':
        set(withAffixes(global(rule.attrs.value), rule), latestFor(false));
        break;
      case 'sha':
        if (sha) set(withAffixes(rule.attrs.format === 'long' ? sha : shortSha, rule), latestFor(false));
        break;
      case 'pep440':
        throw new MetadataError('the harness does not model type=pep440');
    }
  }

  const tagNames: string[] = [];
  if (main !== undefined) {
    tagNames.push(...new Set([main, ...partial]));
    // As the action does (seen on a real run): the flavor's `latest` is added
    // even when a rule (e.g. `type=raw,value=latest`) already produced it.
    if (latest) {
      tagNames.push(`${flavor.prefixLatest ? flavor.prefix : ''}latest${flavor.suffixLatest ? flavor.suffix : ''}`.replace(/[^a-zA-Z0-9._-]+/g, '-'));
    }
  }
  const tags = images.length > 0
    ? images.flatMap(image => tagNames.map(t => `${image}:${t}`))
    : tagNames;

  const base: Array<[string, string]> = [
    ['org.opencontainers.image.title', ctx.repoName],
    ['org.opencontainers.image.description', ''],
    ['org.opencontainers.image.url', `https://github.com/${ctx.owner}/${ctx.repoName}`],
    ['org.opencontainers.image.source', `https://github.com/${ctx.owner}/${ctx.repoName}`],
    ['org.opencontainers.image.version', main ?? ''],
    ['org.opencontainers.image.created', ctx.date.toISOString()],
    ['org.opencontainers.image.revision', sha],
    ['org.opencontainers.image.licenses', ''],
  ];
  // The OCI set plus the input's own `key=value` lines (later ones win), sorted by key.
  const withCustoms = (input: string): Array<[string, string]> => {
    const map = new Map(base);
    for (const line of inputLines(input)) {
      const [key, ...rest] = global(line).split('=');
      if (rest.length > 0) map.set(key, rest.join('='));
    }
    return [...map.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  };
  const sorted = withCustoms(inputs.labels ?? '');
  const labels = sorted.map(([k, v]) => `${k}=${v}`);
  const annotationLines = withCustoms(inputs.annotations ?? '').map(([k, v]) => `${k}=${v}`);
  const levels = (ctx.annotationLevels ?? 'manifest').split(',').map(l => l.trim()).filter(Boolean);
  const annotations = levels.flatMap(level => annotationLines.map(l => `${level}:${l}`));
  return {
    version: main ?? '',
    tags,
    tagNames,
    labels,
    annotations,
    json: { tags, labels: Object.fromEntries(sorted), annotations },
  };
}
