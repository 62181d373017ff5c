import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as core from '@actions/core';

/**
 * Every job of a real workflow runs on a fresh machine with its own
 * `~/.docker`. Under act all jobs share this host, so the first docker action
 * of a job gives it a Docker config of its own under the job's RUNNER_TEMP
 * (act makes one per job), with the buildx plugin linked in. Later steps of
 * the job, `run:` scripts included, see it through DOCKER_CONFIG.
 */
export function useJobDockerConfig(): string {
  const runnerTemp = requiredEnv('RUNNER_TEMP');
  const jobConfig = path.join(runnerTemp, 'docker-config');
  if (process.env.DOCKER_CONFIG === jobConfig) return jobConfig;
  const hostConfig = requiredEnv('E2E_DOCKER_CONFIG');
  fs.mkdirSync(path.join(jobConfig, 'cli-plugins'), { recursive: true });
  const plugin = path.join(jobConfig, 'cli-plugins', 'docker-buildx');
  if (!fs.existsSync(plugin)) fs.symlinkSync(path.join(hostConfig, 'cli-plugins', 'docker-buildx'), plugin);
  core.exportVariable('DOCKER_CONFIG', jobConfig);
  process.env.DOCKER_CONFIG = jobConfig;
  return jobConfig;
}

/** Runs the real `docker` CLI, its output shown in the step log; throws on a non-zero exit. */
export function docker(args: string[], options: { input?: string } = {}): string {
  core.info(`[command]docker ${args.join(' ')}`);
  const result = spawnSync('docker', args, {
    input: options.input,
    encoding: 'utf-8',
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stdout.write(result.stderr);
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const last = (result.stderr || result.stdout).trim().split('\n').pop() ?? '';
    throw new Error(`docker ${args[0]} ${args[1] ?? ''} failed with exit code ${result.status}: ${last}`);
  }
  return result.stdout;
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this action under scripts/e2e.sh`);
  return value;
}

/**
 * Runs an action's main function the way the toolkit-based actions do: a thrown error fails the step.
 * A failed action stays alive 0.3 s after its `::error::` line: act 0.2.89 stops reading a failed
 * step's pty as soon as the process exits, and the last line was sometimes lost (as runtime/bash).
 */
export function run(main: () => Promise<void> | void): void {
  Promise.resolve()
    .then(main)
    .catch(async (error: unknown) => {
      if (error instanceof Error && error.stack) core.info(error.stack);
      core.setFailed(error instanceof Error ? error.message || `${error.name} ${JSON.stringify(error)}` : String(error));
      await new Promise(resolve => setTimeout(resolve, 300));
    });
}
