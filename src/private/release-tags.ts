import { LatestTag, TagRule } from '../tags';
import { ResolvedImage } from './model';
import { renderTagRule } from './tag-expression';

/** Expressions that hold a released version at run time. */
export interface ReleasedVersion {
  /** The semantic version, e.g. `1.4.0` or `2.0.0-beta.1`. */
  readonly version: string;
  /** The Git tag, e.g. `v1.4.0` or `next-v2.0.0-beta.1`. */
  readonly gitTag: string;
  /** The Git tag as a Docker tag (what `type=ref,event=tag` makes of it). */
  readonly dockerTag: string;
}

/** metadata-action's priority of `type=ref`, kept when a tag rule is rewritten. */
const REF_PRIORITY = '600';

/**
 * The tag rules that give a released version the tags a push of its Git tag
 * would: rules that read the Git tag read the released version instead, and
 * rules that only fire on branches, pull requests or schedules are left
 * out. Unless `latest` may move, `latest` rules are left out too.
 */
export function releasedVersionRules(rules: readonly TagRule[], released: ReleasedVersion, latest: boolean): string[] {
  return rules.flatMap((rule): string[] => {
    const attributes = rule._attributes;
    switch (rule._type) {
      case 'semver':
      case 'pep440':
        return [renderTagRule(rule._type, { ...attributes, value: released.version })];
      case 'match':
        return [renderTagRule('match', { ...attributes, value: attributes.value ?? released.gitTag })];
      case 'ref': {
        if (attributes.event !== 'tag') return [];
        const { event, ...common } = attributes;
        return [renderTagRule('match', { pattern: '^.+$', value: released.dockerTag, ...common, priority: common.priority ?? REF_PRIORITY })];
      }
      case 'raw':
        return !latest && attributes.value === 'latest' ? [] : [rule.expression];
      case 'sha':
        return [rule.expression];
      default:
        // edge, schedule: a tag push gives none of these.
        return [];
    }
  });
}

/** The flavor of a released version: `latest` off when it may not move. */
export function releasedVersionFlavor(image: ResolvedImage, latest: boolean) {
  return latest ? image.flavor : { ...image.flavor, latest: LatestTag.NEVER };
}
