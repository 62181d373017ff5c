import { ActResult } from '../act';
import { RegistryReader } from '../registry-reader';
import { ScenarioOutcome } from '../scenario';

/** One line a step printed, with the job it ran in (act's JSON log). */
export interface LogLine {
  readonly job: string;
  readonly msg: string;
}

/** Every line the steps of a run printed. */
export function logLines(result: ActResult): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of result.log.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line);
      if (typeof entry.msg === 'string') lines.push({ job: String(entry.jobID ?? ''), msg: entry.msg.trim() });
    } catch {
      // not one of act's JSON lines
    }
  }
  return lines;
}

/** What the stand-ins recorded (`e2e-record <kind> <json>`, test/e2e/actions/lib/record.ts), with each record's job. */
export function records(result: ActResult, kind: string): Array<Record<string, any> & { job: string }> {
  const prefix = `e2e-record ${kind} `;
  return logLines(result)
    .filter(line => line.msg.startsWith(prefix))
    .map(line => ({ ...JSON.parse(line.msg.slice(prefix.length)), job: line.job }));
}

/** `job -> sorted registries` of every real `docker login` the run did (login-action and the ECR stand-in). */
export function loginsByJob(result: ActResult): Record<string, string[]> {
  const logins: Record<string, string[]> = {};
  for (const line of logLines(result)) {
    const login = /^\[command\]docker login --username (\S+) --password-stdin (\S+)$/.exec(line.msg);
    if (login) (logins[line.job] ??= []).push(login[2]);
  }
  return Object.fromEntries(Object.entries(logins).sort(([a], [b]) => a.localeCompare(b)).map(([job, hosts]) => [job, hosts.sort()]));
}

/** The user of each `docker login` to a registry. */
export function loginUsers(result: ActResult, registry: string): string[] {
  return logLines(result).flatMap(line => {
    const login = /^\[command\]docker login --username (\S+) --password-stdin (\S+)$/.exec(line.msg);
    return login && login[2] === registry ? [login[1]] : [];
  });
}

/** A problem unless `actual` equals `expected` (as JSON). */
export function same(what: string, actual: unknown, expected: unknown): string[] {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  return a === e ? [] : [`${what}: ${a}, expected ${e}`];
}

/** The digest a reference names, or `missing` (a verify hook reports it rather than throws). */
export function digestOf(reader: RegistryReader, reference: string): string {
  try {
    return reader.digest(reference);
  } catch {
    return `missing ${reference}`;
  }
}

/** A verify hook whose exceptions (a manifest that is not there) become a problem, not a crashed run. */
export function guarded(verify: (outcome: ScenarioOutcome) => string[]): (outcome: ScenarioOutcome) => string[] {
  return outcome => {
    try {
      return verify(outcome);
    } catch (error) {
      return [`verify could not read the outcome: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`];
    }
  };
}
