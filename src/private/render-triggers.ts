import { Triggers } from 'projen/lib/github/workflows-model';
import { TriggerOptions } from '../triggers';
import { Problems, show } from './problems';
import { TRIGGER_KEYS } from './publisher-option-keys';

const CRON_FIELD = /^[0-9A-Za-z*,\-/]+$/;

/** Checks the triggers and renders them to projen's `on:` model. */
export function renderTriggers(problems: Problems, options: TriggerOptions): Triggers {
  for (const key of ['pullRequest', 'release', 'workflowDispatch'] as const) {
    if (options?.[key] !== undefined && typeof options[key] !== 'boolean') {
      problems.add(`triggers.${key} ${show(options[key])} must be true or false`);
    }
  }
  if (typeof options !== 'object' || options === null) {
    problems.add(`triggers ${show(options)} must be an object such as { tags: ['v*'] }`);
    return {};
  }
  problems.addUnknownKeys('triggers', options, TRIGGER_KEYS);
  const tags = patterns(problems, 'triggers.tags', options.tags);
  const branches = patterns(problems, 'triggers.branches', options.branches);
  const schedule = (options.schedule ?? []).filter((cron, i) => {
    const fields = typeof cron === 'string' ? cron.trim().split(/\s+/) : [];
    if (fields.length !== 5 || !fields.every(field => CRON_FIELD.test(field))) {
      problems.add(`triggers.schedule[${i}] ${show(cron)} is not a cron expression; use five fields, e.g. "0 3 * * *"`);
      return false;
    }
    return true;
  });
  const pullRequestBranches = patterns(problems, 'triggers.pullRequestBranches', options.pullRequestBranches);
  if (pullRequestBranches.length && options.pullRequest !== true) {
    problems.add(`triggers.pullRequestBranches ${show(pullRequestBranches)} needs pullRequest: true (it narrows which pull requests are built)`);
  }
  const filters = pathFilters(problems, options, tags.length > 0 || branches.length > 0 || options.pullRequest === true);
  const on: Triggers = {
    ...(tags.length || branches.length
      ? { push: { tags: nonEmpty(tags), branches: nonEmpty(branches), ...filters } }
      : {}),
    ...(options.pullRequest === true ? { pullRequest: { branches: nonEmpty(pullRequestBranches), ...filters } } : {}),
    // `published` covers releases and pre-releases, once each (`created`
    // would also fire for drafts, which have no tag yet).
    ...(options.release === true ? { release: { types: ['published'] } } : {}),
    ...(schedule.length ? { schedule: schedule.map(cron => ({ cron })) } : {}),
    ...(options.workflowDispatch === true ? { workflowDispatch: {} } : {}),
  };
  if (Object.keys(on).length === 0) {
    problems.add(`triggers ${show(options)} would never run the workflow; set tags, branches, release, schedule or workflowDispatch`);
  }
  return on;
}

function nonEmpty(list: string[]): string[] | undefined {
  return list.length ? list : undefined;
}

/**
 * `paths` or `paths-ignore` of the push and pull-request events. GitHub
 * refuses both on one event, and they filter nothing without such an event.
 */
function pathFilters(problems: Problems, options: TriggerOptions, filtered: boolean): { paths?: string[]; pathsIgnore?: string[] } {
  const paths = patterns(problems, 'triggers.paths', options.paths);
  const pathsIgnore = patterns(problems, 'triggers.pathsIgnore', options.pathsIgnore);
  if (paths.length && pathsIgnore.length) {
    problems.add('triggers.paths and triggers.pathsIgnore are both set; GitHub forbids paths and paths-ignore on one event: list the ignored files as "!pattern" entries of paths instead');
  }
  if ((paths.length || pathsIgnore.length) && !filtered) {
    problems.add('triggers.paths and triggers.pathsIgnore filter push and pull-request events; set tags, branches or pullRequest too');
  }
  return { paths: nonEmpty(paths), pathsIgnore: nonEmpty(pathsIgnore) };
}

function patterns(problems: Problems, option: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(`${option} ${show(value)} must be a list of patterns, e.g. ["v*"]`);
    return [];
  }
  return value.filter((pattern, i) => {
    if (typeof pattern !== 'string' || pattern.trim() === '' || /[\n\r]/.test(pattern)) {
      problems.add(`${option}[${i}] ${show(pattern)} must be a non-empty pattern without line breaks`);
      return false;
    }
    return true;
  });
}
