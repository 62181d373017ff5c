import { LatestTag } from '../tags';
import { ResolvedImage } from './model';
import { show } from './problems';

/**
 * Variants of one image (`server` and `server-alpine` both published to the
 * repository `server`) must never publish the same tag: the later index
 * would silently replace the other's. Tags are only known at run time, so
 * this compares what synth time knows: each tag rule's prefix and suffix
 * (a rule's own, else the flavor's), raw values, and the `latest` tag.
 */

/** One form of tag an image can publish. */
interface TagForm {
  readonly prefix: string;
  readonly suffix: string;
  /** The literal tag of a raw rule (or of `latest`); undefined when it depends on the event. */
  readonly literal?: string;
}

/** The attributes of a metadata-action tag rule expression (CSV, quoted where needed). */
function ruleAttributes(expression: string): Record<string, string> {
  const fields = expression.match(/("([^"]|"")*"|[^,]+)/g) ?? [];
  return Object.fromEntries(fields.map(field => {
    const text = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
    const eq = text.indexOf('=');
    return [text.slice(0, eq), text.slice(eq + 1)];
  }));
}

/** The forms of every tag an image may publish, `latest` included. */
function tagForms(image: ResolvedImage): TagForm[] {
  const flavor = image.flavor ?? {};
  const prefix = flavor.prefix ?? '';
  const suffix = flavor.suffix ?? '';
  let latestByRules = false;
  const forms: TagForm[] = image.tags.map(rule => {
    const attrs = ruleAttributes(rule.expression);
    latestByRules ||= ['semver', 'pep440', 'match', 'ref'].includes(attrs.type);
    const literal = attrs.type === 'raw' && !attrs.value.includes('{{') && !attrs.value.includes('${{') ? attrs.value : undefined;
    return { prefix: attrs.prefix || prefix, suffix: attrs.suffix || suffix, literal };
  });
  const latest = flavor.latest ?? LatestTag.AUTO;
  if (latest === LatestTag.ALWAYS || (latest === LatestTag.AUTO && latestByRules)) {
    forms.push(flavor.onLatest ? { prefix, suffix, literal: 'latest' } : { prefix: '', suffix: '', literal: 'latest' });
  }
  return forms;
}

function fullTag(form: TagForm): string {
  return `${form.prefix}${form.literal}${form.suffix}`;
}

function describe(form: TagForm): string {
  return form.literal !== undefined
    ? `the tag "${fullTag(form)}"`
    : `tags of one form (prefix ${show(form.prefix)}, suffix ${show(form.suffix)})`;
}

/**
 * The first tag both images could publish to a repository they share in
 * one registry, described for an error message; undefined when none.
 */
export function sharedTag(image: ResolvedImage, other: ResolvedImage): string | undefined {
  if (image.repository !== other.repository) return undefined;
  const registries = other.registries.map(String);
  const shared = image.registries.find(registry => registries.includes(String(registry)));
  if (!shared) return undefined;
  const theirs = tagForms(other);
  for (const form of tagForms(image)) {
    const clash = theirs.find(their => form.literal !== undefined && their.literal !== undefined
      ? fullTag(form) === fullTag(their)
      : their.prefix === form.prefix && their.suffix === form.suffix);
    if (clash) return `${describe(form.literal !== undefined ? form : clash)} in ${shared.imagePath(image.repository)}`;
  }
  return undefined;
}
