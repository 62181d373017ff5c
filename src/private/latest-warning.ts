import { LatestTag } from '../tags';
import { ResolvedImage } from './model';

/**
 * What synth says when a manual run (workflow_dispatch, from any branch)
 * would move `latest`: an image with a rule that adds `latest` on every run
 * (`TagRule.raw('latest')` without a condition), or with `latest=always`.
 * Undefined when there is nothing to say.
 */
export function latestMovedByManualRuns(images: ResolvedImage[], workflowDispatch: boolean): string | undefined {
  if (!workflowDispatch) return undefined;
  const moved = images.filter(image => image.flavor?.latest === LatestTag.ALWAYS
    || image.tags.some(rule => addsLatestOnEveryRun(rule.expression)));
  if (moved.length === 0) return undefined;
  return `MultiArchImagePublisher: with triggers.workflowDispatch, a manual run from any branch moves \`latest\` of ${moved.map(image => image.name).join(', ')} `
    + "(TagRule.raw('latest') or latest=always adds it on every run); leave `latest` to metadata-action's latest=auto (drop the rule: the highest semver tag gets it), "
    + "or give the rule a condition: TagRule.raw('latest', { enable: \"${{ startsWith(github.ref, 'refs/tags/v') }}\" })";
}

/** `type=raw,value=latest` with no condition (or `enable=true`). */
function addsLatestOnEveryRun(expression: string): boolean {
  if (!/^type=raw,value=latest(,|$)/.test(expression)) return false;
  const enable = /enable=([^,"]*)/.exec(expression)?.[1];
  return enable === undefined || enable === 'true';
}

/** A rule that always gives `latest`: `TagRule.raw('latest')`, with or without options. */
const RAW_LATEST = /^type=raw,value=latest(?:,|$)/;
/** Rules for which metadata-action's `latest=auto` adds `latest` by itself. */
const AUTO_LATEST = /^type=(?:semver|pep440|match)(?:,|$)|^type=ref,event=tag(?:,|$)/;

/**
 * The images whose raw `latest` rule repeats what the flavor already adds:
 * `latest=auto` next to a semver, pep440, match or Git-tag rule, or
 * `latest=true`. metadata-action then lists `latest` twice.
 */
export function imagesWithLatestTwice(images: ResolvedImage[]): string[] {
  return images.filter(image => {
    const rules = image.tags.map(rule => rule.expression);
    if (!rules.some(rule => RAW_LATEST.test(rule))) return false;
    const latest = image.flavor?.latest ?? LatestTag.AUTO;
    return latest === LatestTag.ALWAYS || (latest === LatestTag.AUTO && rules.some(rule => AUTO_LATEST.test(rule)));
  }).map(image => image.name);
}

/** The synth warning for those images, or undefined when there are none. */
export function latestTwiceWarning(images: ResolvedImage[]): string | undefined {
  const names = imagesWithLatestTwice(images);
  if (names.length === 0) return undefined;
  return `MultiArchImagePublisher: ${names.join(', ')}: TagRule.raw('latest') duplicates metadata-action's default flavor latest=auto, `
    + 'which already tags the highest semver release `latest`. Drop the raw rule (recommended), or keep it and set flavor: { latest: LatestTag.NEVER } '
    + 'to tag `latest` on every publishing run. The workflow publishes each tag once either way.';
}
