import { Job, JobCallingReusableWorkflow } from 'projen/lib/github/workflows-model';
import { BuildStrategy } from '../build-strategy';
import { Runner } from '../runner';
import { buildJobId, checkJobId, ResolvedImage } from './model';
import { foreignPlatforms } from './publish-steps';

/** What the plan is made of: the publisher's model and the jobs it placed. */
export interface PlanInput {
  /** The workflow file, relative to the project. */
  readonly file: string;
  readonly workflowName: string;
  readonly images: readonly ResolvedImage[];
  /** Runs merge jobs and emulated builds. */
  readonly defaultRunner: Runner;
  /** The workflow's jobs, in file order. */
  readonly jobs: Record<string, Job | JobCallingReusableWorkflow>;
}

interface PlannedLeg {
  readonly platform: string;
  readonly runner: string;
  readonly dockerfile: string;
  readonly qemu: boolean;
}

function needsOf(job: Job | JobCallingReusableWorkflow | undefined): string[] {
  return job?.needs ?? [];
}

function runnerOf(job: Job | JobCallingReusableWorkflow): string {
  if ('uses' in job) return job.uses;
  const labels = job.runsOnGroup?.labels ?? job.runsOn ?? [];
  return job.runsOnGroup ? `group ${job.runsOnGroup.group}${labels.length ? ` (${labels.join(', ')})` : ''}` : labels.join(', ');
}

function legsOf(image: ResolvedImage, defaultRunner: Runner): PlannedLeg[] {
  if (image.strategy === BuildStrategy.EMULATED) {
    const foreign = foreignPlatforms(image, defaultRunner).split(',');
    return image.legs.map(leg => ({
      platform: leg.platform.value, runner: defaultRunner.toString(), dockerfile: image.dockerfile, qemu: foreign.includes(leg.platform.value),
    }));
  }
  return image.legs.map(leg => ({ platform: leg.platform.value, runner: leg.runner.toString(), dockerfile: leg.dockerfile, qemu: leg.emulated }));
}

function strategyOf(image: ResolvedImage, legs: PlannedLeg[]): string {
  if (image.strategy === BuildStrategy.NATIVE) return 'native: a runner per platform, pushed by digest, then merged';
  return legs.some(leg => leg.qemu) ? 'emulated: one job, QEMU for the foreign platforms' : 'single job, no QEMU';
}

function table(rows: string[][], indent: string): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(row => row[i].length)));
  return rows.map(row => (indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] + 2))).join('')).trimEnd());
}

/**
 * The publishing plan as text: per image its strategy, each platform's
 * runner, Dockerfile and QEMU use, its jobs and critical path; then every job
 * with its runner and `needs`. Built from the model the workflow is rendered
 * from, in the layout scripts/summarize-workflow.mjs reads back from the YAML.
 */
export function renderPlan(input: PlanInput): string {
  const jobs = input.jobs;
  const criticalPath = (id: string): string[] => {
    const longest = needsOf(jobs[id]).map(criticalPath).sort((a, b) => b.length - a.length)[0] ?? [];
    return [...longest, id];
  };
  const out = [`Workflow  ${input.file}  (name: ${input.workflowName})`];
  const buildRunners = new Map<string, string>();
  for (const image of input.images) {
    const build = buildJobId(image);
    const legs = legsOf(image, input.defaultRunner);
    const imageJobs = [build, ...Object.keys(jobs).filter(id => needsOf(jobs[id]).includes(build))];
    const path = criticalPath(imageJobs[imageJobs.length - 1]);
    const legRunners = [...new Set(legs.map(leg => leg.runner))].join(' + ');
    buildRunners.set(build, legRunners);
    if (image.strategy === BuildStrategy.NATIVE) {
      // A pull-request check job runs the same matrix.
      buildRunners.set(checkJobId(image), legRunners);
    }
    out.push('', `${image.name}  [${strategyOf(image, legs)}]`);
    out.push(...table([['platform', 'runner', 'dockerfile', ''], ...legs.map(leg => [leg.platform, leg.runner, leg.dockerfile, leg.qemu ? 'QEMU' : ''])], '  '));
    out.push(`  jobs: ${imageJobs.map(id => `${id} (needs: ${needsOf(jobs[id]).join(', ') || '-'})`).join(' -> ')}`);
    out.push(`  critical path: ${path.join(' -> ')} (${path.length} job${path.length === 1 ? '' : 's'})`);
  }
  const ids = Object.keys(jobs);
  const runners = new Map(ids.map(id => [id, buildRunners.get(id) ?? runnerOf(jobs[id])]));
  const idWidth = Math.max(...ids.map(id => id.length));
  const runnerWidth = Math.max(...[...runners.values()].map(runner => runner.length));
  out.push('', 'Jobs');
  for (const id of ids) {
    out.push(`  ${id.padEnd(idWidth)}  runs-on: ${runners.get(id)!.padEnd(runnerWidth)}  needs: ${needsOf(jobs[id]).join(', ') || '-'}`);
  }
  return out.join('\n') + '\n';
}
