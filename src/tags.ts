import { optionKeys, refuseUnknownKeys } from './private/option-keys';
import { renderTagRule } from './private/tag-expression';
import { TagPart, tagTextProblem } from './private/tag-grammar';

/**
 * Attributes that every `docker/metadata-action` tag rule accepts.
 */
export interface TagRuleOptions {
  /**
   * A condition (`true`, `false` or an expression such as
   * `${{ github.ref == format('refs/heads/{0}', 'main') }}`) that enables the rule.
   * @default - always enabled
   */
  readonly enable?: string;
  /**
   * The rule's priority; the highest one decides the `version` output.
   * @default - metadata-action's default for the rule's type
   */
  readonly priority?: number;
  /**
   * Text put before the tag.
   * @default - none
   */
  readonly prefix?: string;
  /**
   * Text put after the tag.
   * @default - none
   */
  readonly suffix?: string;
}

/**
 * Options of a `match` tag rule.
 */
export interface MatchTagRuleOptions extends TagRuleOptions {
  /**
   * The capture group of the pattern that becomes the tag.
   * @default 0
   */
  readonly group?: number;
  /**
   * The value the pattern is matched against.
   * @default - the Git tag
   */
  readonly value?: string;
}

/**
 * Options of a `sha` tag rule.
 */
export interface ShaTagRuleOptions extends TagRuleOptions {
  /**
   * Use the full commit SHA instead of the short one.
   * @default false
   */
  readonly long?: boolean;
}

/**
 * Options of an `edge` tag rule.
 */
export interface EdgeTagRuleOptions extends TagRuleOptions {
  /**
   * The branch whose runs get the `edge` tag.
   * @default - the repository's default branch
   */
  readonly branch?: string;
}

/**
 * The Git event a `ref` tag rule reacts to.
 */
export enum RefEvent {
  /** A branch push: the branch name becomes the tag. */
  BRANCH = 'branch',
  /** A Git tag push: the Git tag becomes the tag. */
  TAG = 'tag',
  /** A pull request: `pr-<number>` becomes the tag. */
  PR = 'pr',
}

/**
 * When metadata-action adds the `latest` tag.
 */
export enum LatestTag {
  /** For the highest semver/pep440 tag and raw `latest` rules (metadata-action's default). */
  AUTO = 'auto',
  /** On every publishing run. */
  ALWAYS = 'true',
  /** Never, unless a rule produces it. */
  NEVER = 'false',
}

/**
 * metadata-action's `flavor`: rules applied to every tag.
 */
export interface FlavorOptions {
  /**
   * When to add the `latest` tag.
   * @default LatestTag.AUTO
   */
  readonly latest?: LatestTag;
  /**
   * Text put before every tag.
   * @default - none
   */
  readonly prefix?: string;
  /**
   * Text put after every tag.
   * @default - none
   */
  readonly suffix?: string;
  /**
   * Whether `prefix` and `suffix` also apply to the `latest` tag
   * (metadata-action's `onlatest`): a variant with suffix `-alpine` then
   * publishes `latest-alpine` and never moves the main image's `latest`.
   * @default false
   */
  readonly onLatest?: boolean;
}

const TAG_RULE_KEYS = optionKeys<TagRuleOptions>('TagRuleOptions', { enable: true, priority: true, prefix: true, suffix: true });
const MATCH_KEYS = optionKeys<MatchTagRuleOptions>('MatchTagRuleOptions', {
  enable: true, priority: true, prefix: true, suffix: true, group: true, value: true,
});
const SHA_KEYS = optionKeys<ShaTagRuleOptions>('ShaTagRuleOptions', { enable: true, priority: true, prefix: true, suffix: true, long: true });
const EDGE_KEYS = optionKeys<EdgeTagRuleOptions>('EdgeTagRuleOptions', { enable: true, priority: true, prefix: true, suffix: true, branch: true });

/** The attribute that becomes the tag itself, for the rule types that have one. */
const TAG_BODY: Record<string, string | undefined> = { raw: 'value', semver: 'pattern', pep440: 'pattern', schedule: 'pattern' };

/**
 * One `docker/metadata-action` tag rule. Each factory maps to one of the
 * action's tag types.
 */
export class TagRule {
  /** `type=semver`: a tag from a semver Git tag, e.g. `{{version}}` or `{{major}}.{{minor}}`. */
  public static semver(pattern: string, options: TagRuleOptions = {}): TagRule {
    refuseUnknownKeys('TagRule.semver', 'options', options, TAG_RULE_KEYS);
    return new TagRule('semver', { pattern }, options);
  }

  /** `type=pep440`: a tag from a PEP 440 Git tag, e.g. `{{version}}`. */
  public static pep440(pattern: string, options: TagRuleOptions = {}): TagRule {
    refuseUnknownKeys('TagRule.pep440', 'options', options, TAG_RULE_KEYS);
    return new TagRule('pep440', { pattern }, options);
  }

  /** `type=match`: the part of the Git tag that a regular expression matches. */
  public static match(pattern: string, options: MatchTagRuleOptions = {}): TagRule {
    refuseUnknownKeys('TagRule.match', 'options', options, MATCH_KEYS);
    const { group, value, ...common } = options;
    return new TagRule('match', { pattern, group: group?.toString(), value }, common);
  }

  /** `type=ref`: the branch name, Git tag or `pr-<number>` of the event. */
  public static ref(event: RefEvent, options: TagRuleOptions = {}): TagRule {
    refuseUnknownKeys('TagRule.ref', 'options', options, TAG_RULE_KEYS);
    return new TagRule('ref', { event }, options);
  }

  /** `type=sha`: `sha-<commit>`. */
  public static sha(options: ShaTagRuleOptions = {}): TagRule {
    refuseUnknownKeys('TagRule.sha', 'options', options, SHA_KEYS);
    const { long, ...common } = options;
    return new TagRule('sha', { format: long ? 'long' : undefined }, common);
  }

  /**
   * `type=edge`: `edge` for every run on the default (or given) branch:
   * pushes, but also scheduled and manual runs there.
   */
  public static edge(options: EdgeTagRuleOptions = {}): TagRule {
    refuseUnknownKeys('TagRule.edge', 'options', options, EDGE_KEYS);
    const { branch, ...common } = options;
    return new TagRule('edge', { branch }, common);
  }

  /** `type=schedule`: a tag for scheduled runs, e.g. `nightly` or `{{date 'YYYYMMDD'}}`. */
  public static schedule(pattern?: string, options: TagRuleOptions = {}): TagRule {
    refuseUnknownKeys('TagRule.schedule', 'options', options, TAG_RULE_KEYS);
    return new TagRule('schedule', { pattern }, options);
  }

  /** `type=raw`: a fixed tag such as `latest`. */
  public static raw(value: string, options: TagRuleOptions = {}): TagRule {
    refuseUnknownKeys('TagRule.raw', 'options', options, TAG_RULE_KEYS);
    return new TagRule('raw', { value }, options);
  }

  /** The rule as metadata-action reads it, e.g. `type=semver,pattern={{version}}`. */
  public readonly expression: string;

  /** @internal metadata-action's tag type, e.g. `semver`. */
  public readonly _type: string;

  /** @internal The rule's attributes, in the order they are written. */
  public readonly _attributes: Readonly<Record<string, string>>;

  private constructor(type: string, attributes: Record<string, string | undefined>, options: TagRuleOptions) {
    const all: Record<string, string | undefined> = {
      ...attributes,
      prefix: options.prefix,
      suffix: options.suffix,
      priority: options.priority?.toString(),
      enable: options.enable,
    };
    this.expression = renderTagRule(type, all);
    if (options.priority !== undefined && !Number.isInteger(options.priority)) {
      throw new Error(`TagRule.${type}: priority ${options.priority} must be a whole number`);
    }
    this._type = type;
    this._attributes = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined)) as Record<string, string>;
    // Text that ends up in the tag must follow the tag grammar (a push would fail later).
    const tagText: Array<[string, string | undefined, TagPart]> = [
      ['prefix', options.prefix, TagPart.PREFIX],
      ['suffix', options.suffix, TagPart.REST],
    ];
    const body = TAG_BODY[type];
    if (body) {
      tagText.push([body, attributes[body], options.prefix ? TagPart.REST : TagPart.WHOLE]);
    }
    for (const [key, text, part] of tagText) {
      const problem = text === undefined ? undefined : tagTextProblem(text, part);
      if (problem) {
        throw new Error(`TagRule.${type}: ${key} ${problem}`);
      }
    }
  }

  /** Returns the rule's metadata-action expression. */
  public toString(): string {
    return this.expression;
  }
}
