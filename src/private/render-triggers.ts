import { Triggers } from 'projen/lib/github/workflows-model';
import { TriggerOptions } from '../triggers';
import { Problems, show } from './problems';

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
  const on: Triggers = {
    ...(tags.length || branches.length
      ? { push: { tags: tags.length ? tags : undefined, branches: branches.length ? branches : undefined } }
      : {}),
    ...(options.pullRequest === true ? { pullRequest: {} } : {}),
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
