import { Job, JobMatrix } from 'projen/lib/github/workflows-model';
import { MultiArchImagePublisherOptions } from '../publisher-options';
import { JobSettings, PublisherSettings, ResolvedImage } from './model';
import { Problems, show } from './problems';
import { PublishSource } from './publish-source';
import { CONCURRENCY_KEYS } from './publisher-option-keys';

const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const ENVIRONMENT = /^[^\n\r'"`${}]{1,255}$/;

/** Checks the publisher-wide job settings and applies their defaults. */
export function checkJobSettings(problems: Problems, options: MultiArchImagePublisherOptions, pullRequests: boolean): JobSettings {
  const environment = checkEnvironment(problems, 'environment', options.environment);
  const repository = options.onlyInRepository;
  if (repository !== undefined && (typeof repository !== 'string' || !REPOSITORY.test(repository))) {
    problems.add(`onlyInRepository ${show(repository)} is not a repository; use "owner/name", e.g. "acme/images"`);
  }
  return {
    timeoutMinutes: checkTimeout(problems, 'timeoutMinutes', options.timeoutMinutes),
    failFast: checkBoolean(problems, 'failFast', options.failFast) ?? false,
    environment,
    onlyInRepository: repository,
    concurrency: checkConcurrency(problems, options.concurrency, pullRequests),
  };
}

/** A GitHub environment name: up to 255 characters, nothing an expression or YAML quoting could read. */
export function checkEnvironment(problems: Problems, option: string, value: unknown): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value.trim() === '' || !ENVIRONMENT.test(value))) {
    problems.add(`${option} ${show(value)} is not an environment name; use up to 255 characters without quotes, "$", braces or line breaks, e.g. "production"`);
  }
  return value as string | undefined;
}

/** A job timeout: a whole number of minutes above 0 (GitHub's maximum is 4320, three days). */
export function checkTimeout(problems: Problems, option: string, value: unknown): number | undefined {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > 4320)) {
    problems.add(`${option} ${show(value)} must be a whole number of minutes from 1 to 4320`);
  }
  return value as number | undefined;
}

export function checkBoolean(problems: Problems, option: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    problems.add(`${option} ${show(value)} must be true or false`);
  }
  return value as boolean | undefined;
}

function checkConcurrency(problems: Problems, value: MultiArchImagePublisherOptions['concurrency'], pullRequests: boolean): JobSettings['concurrency'] {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    problems.add(`concurrency ${show(value)} must be an object such as { group: 'images-\${{ github.ref }}' }`);
  }
  problems.addUnknownKeys('concurrency', value, CONCURRENCY_KEYS);
  const group = value?.group ?? '${{ github.workflow }}-${{ github.ref }}';
  if (typeof group !== 'string' || group.trim() === '' || /[\n\r]/.test(group)) {
    problems.add(`concurrency.group ${show(group)} must be a non-empty string without line breaks`);
  }
  const cancel = checkBoolean(problems, 'concurrency.cancelInProgress', value?.cancelInProgress);
  return {
    'group': group,
    // Unless told otherwise, only a pull request's newer run cancels its
    // older one: a cancelled publishing run could leave registries half updated.
    'cancel-in-progress': cancel ?? (pullRequests ? `\${{ ${PULL_REQUEST} }}` : false),
  };
}

const PULL_REQUEST = "github.event_name == 'pull_request'";

/**
 * What every job that logs in to a registry carries: its environment and
 * timeout. The first jobs of a pipeline (given `source`) also wait for what
 * the source names and run only when it says and, with `onlyInRepository`,
 * only in that repository; later jobs skip with them.
 */
export function publishingJob(image: ResolvedImage, settings: PublisherSettings, source?: PublishSource): Partial<Job> {
  const job: Partial<Job> = { environment: image.environment, timeoutMinutes: image.timeoutMinutes };
  if (!source) return job;
  const conditions = [
    source.condition,
    settings.onlyInRepository ? `github.repository == '${settings.onlyInRepository}'` : undefined,
  ].filter((condition): condition is string => condition !== undefined);
  return {
    ...job,
    needs: source.needs.length ? source.needs : undefined,
    if: conditions.length > 1 ? conditions.map(condition => `(${condition})`).join(' && ') : conditions[0],
  };
}

/** A build matrix with the image's fail-fast choice. */
export function matrixStrategy(image: ResolvedImage, matrix: JobMatrix): Job['strategy'] {
  return { failFast: image.failFast, matrix };
}
