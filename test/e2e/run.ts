import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runAct } from './act';
import { buildActions } from './build-actions';
import { e2eEnvironment, E2eEnvironment } from './environment';
import { RegistryReader } from './registry-reader';
import { useLocalOrigins, writeRepository } from './repository';
import { Scenario } from './scenario';
import { SCENARIOS } from './scenarios';

/** The problems found in one scenario's outcome (empty: it ended as it should). */
function check(env: E2eEnvironment, reader: RegistryReader, scenario: Scenario, result: ReturnType<typeof runAct>, sha: string): string[] {
  const problems: string[] = [];
  const succeeded = result.exitCode === 0;
  if (succeeded !== scenario.expect.success) {
    problems.push(`the run ${succeeded ? 'succeeded' : 'failed'} (exit ${result.exitCode}); expected it to ${scenario.expect.success ? 'succeed' : 'fail'}`);
  }
  for (const pattern of scenario.expect.errors ?? []) {
    if (!result.errors.some(error => pattern.test(error))) problems.push(`no ::error:: matches ${pattern}`);
  }
  const expected = scenario.expect.published(env, sha);
  for (const image of expected) {
    const tags = reader.tags(image.repository);
    const expectedTags = [...image.tags, ...image.cacheTags ?? []];
    if (tags.join(' ') !== expectedTags.sort().join(' ')) problems.push(`${image.repository} has tags [${tags.join(', ')}], expected [${expectedTags.join(', ')}]`);
    for (const tag of tags.filter(t => !image.cacheTags?.includes(t))) {
      const platforms = reader.platforms(`${image.repository}:${tag}`);
      if (platforms.join(' ') !== [...image.platforms].sort().join(' ')) {
        problems.push(`${image.repository}:${tag} holds [${platforms.join(', ')}], expected [${image.platforms.join(', ')}]`);
      }
    }
  }
  // Nothing else of this scenario may carry a tag: a tag that moved is a published image.
  for (const host of [env.registry.host, env.secondRegistry.host]) {
    for (const repository of reader.repositories(host).filter(r => r.startsWith(`${scenario.owner.toLowerCase()}/`))) {
      const full = `${host}/${repository}`;
      if (!expected.some(image => image.repository === full) && reader.tags(full).length > 0) {
        problems.push(`${full} has tags [${reader.tags(full).join(', ')}], expected none`);
      }
    }
  }
  return [...problems, ...(scenario.expect.verify?.({ env, reader, result }) ?? [])];
}

function main(): void {
  const env = e2eEnvironment();
  useLocalOrigins(env);
  const only = process.argv.slice(2);
  const scenarios = SCENARIOS.filter(s => only.length === 0 || only.includes(s.name));
  const localActions = buildActions(path.join(env.runDir, 'actions'));
  const reader = new RegistryReader(env);
  let failures = 0, faultsCaught = 0, published = 0;
  for (const scenario of scenarios) {
    const started = Date.now();
    const repository = writeRepository(env, scenario);
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repository.dir, encoding: 'utf-8' }).trim();
    const result = runAct(env, {
      repoDir: repository.dir,
      workflowFile: repository.workflowFile,
      event: scenario.event,
      localActions,
      actor: env.registry.user,
      secrets: {
        // ghcr.io here takes the run's token as the password of the actor.
        GITHUB_TOKEN: env.registry.password,
        MIRROR_USERNAME: env.secondRegistry.user,
        MIRROR_PASSWORD: env.secondRegistry.password,
        ...scenario.secrets,
      },
      variables: scenario.variables,
      // faults/docker is always first on PATH: it logs what the real CLI receives and plants the fault, if any.
      extraEnv: {
        E2E_FAULT: scenario.fault ?? '',
        E2E_REAL_DOCKER: execFileSync('bash', ['-c', 'command -v docker'], { encoding: 'utf-8' }).trim(),
        PATH: `${path.join(__dirname, 'faults')}:${process.env.PATH}`,
      },
    });
    const problems = check(env, reader, scenario, result, sha);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const jobs = Object.entries(result.jobs).map(([job, status]) => `${job}: ${status}`).join(', ');
    if (problems.length === 0) {
      console.log(`ok   ${scenario.name} (${seconds} s; ${jobs}${result.errors.length ? `; errors: ${result.errors.join(' | ')}` : ''})`);
      if (scenario.fault || !scenario.expect.success) faultsCaught++;
      published += scenario.expect.published(env, sha).length;
    } else {
      failures++;
      const logFile = path.join(process.env.E2E_KEEP_LOGS ?? fs.mkdtempSync('/tmp/e2e-failed-'), `${scenario.name}.log`);
      fs.writeFileSync(logFile, result.log);
      const actFatal = result.fatal.length ? `\n  act stopped: ${result.fatal.join(' | ')}` : '';
      console.log(`FAIL ${scenario.name} (${seconds} s; ${jobs})\n  - ${problems.join('\n  - ')}\n  failed steps: ${result.failedSteps.join('; ') || 'none'}${actFatal}\n  act log: ${logFile}`);
    }
  }
  console.log(`e2e: ${scenarios.length} workflows run under act, ${published} images published to a real registry, ${faultsCaught} faults caught, ${failures} failures`);
  process.exitCode = failures > 0 || scenarios.length === 0 ? 1 : 0;
}

main();
