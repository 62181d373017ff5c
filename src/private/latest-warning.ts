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
