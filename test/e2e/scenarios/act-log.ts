import { MultiArchImagePublisher } from '../../../src';
import { ActResult } from '../act';
import { Scenario, ScenarioOutcome } from '../scenario';

/**
 * Reading what each step received and printed from act's JSON log: every
 * line of a step's output is one entry carrying the job id, the matrix leg
 * and the step name. faults/docker prints `e2e-docker: <argv>` for every
 * docker command, so the `run:` scripts' commands are in the log too.
 */
export interface LogLine {
  readonly job: string;
  /** The matrix leg's platform (a native build leg), if any. */
  readonly platform?: string;
  /** The matrix leg's `runs-on` label (act maps every label to this host). */
  readonly runner?: string;
  readonly step: string;
  /** `Pre`, `Main` or `Post`. */
  readonly stage: string;
  readonly text: string;
  readonly stepResult?: string;
}

export interface LineFilter {
  readonly job?: string;
  readonly platform?: string;
  readonly step?: string;
}

export function logLines(result: ActResult, filter: LineFilter = {}): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of result.log.split('\n')) {
    if (!raw.startsWith('{')) continue;
    let entry: any;
    try { entry = JSON.parse(raw); } catch { continue; }
    const line: LogLine = {
      job: entry.jobID,
      platform: entry.matrix?.platform,
      runner: entry.matrix?.runner,
      step: entry.step,
      stage: entry.stage,
      stepResult: entry.stepResult,
      text: String(entry.msg ?? '').replace(/\n$/, ''),
    };
    if (filter.job !== undefined && line.job !== filter.job) continue;
    if (filter.platform !== undefined && line.platform !== filter.platform) continue;
    if (filter.step !== undefined && line.step !== filter.step) continue;
    lines.push(line);
  }
  return lines;
}

/** The docker commands (argv after `docker`) that the filtered steps ran, through faults/docker. */
export function dockerCommands(result: ActResult, filter: LineFilter = {}): string[][] {
  return logLines(result, filter).filter(l => l.text.startsWith('e2e-docker: ')).map(l => l.text.slice('e2e-docker: '.length).split(' '));
}

/** `imagetools create` runs that moved tags (not `--dry-run` plans): their tags and sources. */
export function indexCreations(result: ActResult, filter: LineFilter = {}): Array<{ tags: string[]; sources: string[] }> {
  return dockerCommands(result, filter)
    .filter(argv => argv.slice(0, 3).join(' ') === 'buildx imagetools create' && !argv.includes('--dry-run'))
    .map(argv => ({
      tags: argv.filter((_, i) => argv[i - 1] === '--tag'),
      sources: argv.filter(a => a.includes('@sha256:')),
    }));
}

/** What the filtered steps set as outputs (act logs each `name=value`). */
export function stepOutputs(result: ActResult, filter: LineFilter): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of logLines(result, filter)) {
    const match = /^\s*⚙\s+::set-output:: ([^=]+)=(.*)$/s.exec(line.text);
    if (match) outputs[match[1]] = match[2];
  }
  return outputs;
}

/** Whether a step of the job (leg) started at all. */
export function stepRan(result: ActResult, filter: LineFilter & { step: string }): boolean {
  return logLines(result, filter).some(l => l.stage === 'Main' && l.text.startsWith('⭐ Run Main'));
}

/** The steps that failed, as `job [platform] › step`. */
export function failedStepsByLeg(result: ActResult): string[] {
  return logLines(result).filter(l => l.stepResult === 'failure' && l.stage === 'Main')
    .map(l => `${l.job}${l.platform ? ` [${l.platform}]` : ''} › ${l.step}`);
}

/** Lines a step printed with a prefix, prefix removed. */
export function printed(result: ActResult, prefix: string, filter: LineFilter = {}): string[] {
  return logLines(result, filter).filter(l => l.text.startsWith(prefix)).map(l => l.text.slice(prefix.length));
}

/**
 * act gives each step a fresh GITHUB_STEP_SUMMARY file and shows none of it, so the
 * job's summary step also prints what it wrote, each line as `e2e-summary: <line>`.
 */
export function printStepSummary(publisher: MultiArchImagePublisher, jobId: string): void {
  const job: any = publisher.workflow.getJob(jobId);
  const steps = job.steps.map((step: any) => step.name === 'Write the job summary'
    ? { ...step, run: `${step.run}\nsed 's/^/e2e-summary: /' "$GITHUB_STEP_SUMMARY"` }
    : step);
  publisher.workflow.updateJob(jobId, { ...job, steps });
}

/** The summary the job wrote (see printStepSummary). */
export function stepSummary(result: ActResult, job: string): string {
  return printed(result, 'e2e-summary: ', { job, step: 'Write the job summary' }).join('\n');
}

/** A problem string when `actual` differs from `expected` (compared as JSON). */
export function differs(what: string, actual: unknown, expected: unknown): string[] {
  const a = canonical(actual), e = canonical(expected);
  return a === e ? [] : [`${what}: got ${a}, expected ${e}`];
}

/** A scenario with further checks (and escape hatches) on top of one made by a helper such as seedScenario. */
export function withChecks(scenario: Scenario, verify: (outcome: ScenarioOutcome) => string[], customize?: Scenario['customize']): Scenario {
  return { ...scenario, customize: customize ?? scenario.customize, expect: { ...scenario.expect, verify: safely(verify) } };
}

/** A verify that reports a thrown error (crane finding no image, say) as its problem rather than stopping the run. */
export function safely(verify: (outcome: ScenarioOutcome) => string[]): (outcome: ScenarioOutcome) => string[] {
  return outcome => {
    try {
      return verify(outcome);
    } catch (error) {
      return [`verify threw: ${error instanceof Error ? error.message : String(error)}`];
    }
  };
}

/** JSON with object keys sorted (job results come in the order act finished them). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);
}
