import { BuildStrategy, Registry, TagRule } from '../../../src';
import { seedOptions } from '../../support/seed-options';
import { Events, WorkflowEvent } from '../act';
import { SCRATCH_DOCKERFILE, SCRATCH_FILES, Scenario } from '../scenario';
import { differs, dockerCommands, logLines, printed, printStepSummary, safely, stepSummary } from './act-log';
import { BOTH, SEED_FILES, mirror } from './seed';

/** A pull request from a fork (the run's repository is not the one onlyInRepository names). */
const FORK_PULL_REQUEST: WorkflowEvent = {
  name: 'pull_request',
  payload: {
    number: 7,
    pull_request: {
      number: 7,
      head: { ref: 'feature', repo: { full_name: 'someone-else/qm-nmr-calc', fork: true } },
      base: { ref: 'main', repo: { full_name: 'Acme-Upstream/qm-nmr-calc' } },
    },
  },
};

/** How the options shape the jobs: where they run, what they skip, what they hand to later jobs. */
export const WORKFLOW_SHAPE_SCENARIOS: Scenario[] = [
  {
    // onlyInRepository names another repository: the publishing jobs skip, the
    // pull-request checks still build every image, and nothing logs in or pushes.
    name: 'fork-pull-request',
    owner: 'Acme-Fork-Pr',
    options: () => ({ ...seedOptions(), onlyInRepository: 'Acme-Upstream/qm-nmr-calc', environment: 'production', triggers: { tags: ['v*'], pullRequest: true } }),
    event: FORK_PULL_REQUEST,
    files: SEED_FILES,
    expect: {
      success: true,
      published: () => [],
      verify: ({ result }) => {
        const builds = dockerCommands(result).filter(argv => argv[0] === 'buildx' && argv[1] === 'build');
        return [
          ...differs('jobs', result.jobs, { 'check-qm-nmr-calc-api': 'success', 'check-qm-nmr-calc-worker': 'success' }),
          ...differs('builds per check leg', builds.map(argv => argv[argv.indexOf('--platform') + 1]).sort(), ['linux/amd64', 'linux/amd64,linux/arm64', 'linux/arm64']),
          ...builds.filter(argv => argv.some(a => /push=true|^--push$/.test(a))).map(argv => `a build pushes: ${argv.join(' ')}`),
          ...dockerCommands(result).filter(argv => argv[0] === 'login').map(argv => `something logged in: docker ${argv.join(' ')}`),
          ...logLines(result).filter(l => /^(build|merge)-/.test(l.job) && l.text.startsWith('⭐ Run Main')).map(l => `${l.job} ran ${l.step}`),
        ];
      },
    },
  },
  {
    // Every job setting at once still publishes (act honours timeout-minutes, fail-fast and environment).
    name: 'job-settings',
    owner: 'Acme-Settings',
    options: () => ({
      timeoutMinutes: 30,
      failFast: true,
      environment: 'production',
      concurrency: { group: 'images', cancelInProgress: false },
      registries: [Registry.ghcr()],
      tags: [TagRule.semver('{{version}}')],
      images: [{ name: 'worker', timeoutMinutes: 90 }],
    }),
    event: Events.tagPush('v1.2.3'),
    files: { ...SCRATCH_FILES, Dockerfile: SCRATCH_DOCKERFILE },
    expect: {
      success: true,
      published: env => [{ repository: `${env.registry.host}/acme-settings/worker`, tags: ['1.2.3', 'latest'], platforms: BOTH }],
      verify: ({ result }) => differs('jobs', result.jobs, { 'build-worker': 'success', 'merge-worker': 'success' }),
    },
  },
  publishOutputs(),
];

/**
 * The publishing jobs' outputs (digest, tags, version) as a user's deploy job
 * receives them through `needs: publisher.publishJobId(...)`, checked against
 * what both registries report for every tag, and the step summaries.
 */
function publishOutputs(): Scenario {
  const owner = 'Acme-Outputs';
  const images = ['worker', 'api'];
  const tags = ['1.2', '1.2.3', 'latest'];
  return {
    name: 'publish-outputs',
    owner,
    options: env => ({
      registries: [Registry.ghcr(), mirror(env, 'acme-outputs')],
      tags: [TagRule.semver('{{version}}'), TagRule.semver('{{major}}.{{minor}}')],
      images: [{ name: 'worker' }, { name: 'api', strategy: BuildStrategy.EMULATED }],
    }),
    customize: publisher => {
      const worker = publisher.publishJobId('worker'), api = publisher.publishJobId('api');
      printStepSummary(publisher, worker);
      printStepSummary(publisher, api);
      publisher.workflow.addJobs({
        deploy: {
          needs: [worker, api],
          runsOn: ['ubuntu-latest'],
          permissions: {},
          steps: [{
            env: {
              WORKER: `\${{ needs.${worker}.outputs.digest }}`,
              API: `\${{ needs.${api}.outputs.digest }}`,
              VERSION: `\${{ needs.${worker}.outputs.version }}`,
              TAGS: `\${{ needs.${worker}.outputs.tags }}`,
            },
            run: [
              'echo "e2e-deploy: worker=$WORKER"', 'echo "e2e-deploy: api=$API"', 'echo "e2e-deploy: version=$VERSION"',
              'while read -r tag; do echo "e2e-deploy: tag=$tag"; done <<< "$TAGS"',
            ].join('\n'),
          }],
        },
      });
    },
    event: Events.tagPush('v1.2.3'),
    files: { ...SCRATCH_FILES, Dockerfile: SCRATCH_DOCKERFILE },
    expect: {
      success: true,
      published: env => images.flatMap(image => [env.registry.host, env.secondRegistry.host]
        .map(host => ({ repository: `${host}/acme-outputs/${image}`, tags, platforms: BOTH }))),
      verify: safely(({ env, reader, result }) => {
        const received = printed(result, 'e2e-deploy: ', { job: 'deploy' });
        const value = (name: string) => received.filter(line => line.startsWith(`${name}=`)).map(line => line.slice(name.length + 1));
        const repositories = (image: string) => [env.registry.host, env.secondRegistry.host].map(host => `${host}/acme-outputs/${image}`);
        const problems = [
          ...differs('jobs', result.jobs, { 'build-worker': 'success', 'merge-worker': 'success', 'build-api': 'success', 'deploy': 'success' }),
          ...differs('version received', value('version'), ['1.2.3']),
          ...differs('worker tags received', value('tag').sort(), repositories('worker').flatMap(r => tags.map(t => `${r}:${t}`)).sort()),
        ];
        for (const [image, job] of [['worker', 'merge-worker'], ['api', 'build-api']]) {
          const [digest] = value(image);
          if (!/^sha256:[0-9a-f]{64}$/.test(digest ?? '')) { problems.push(`deploy received ${image} digest '${digest}'`); continue; }
          for (const reference of repositories(image).flatMap(r => tags.map(t => `${r}:${t}`))) {
            if (reader.digest(reference) !== digest) problems.push(`${reference} is ${reader.digest(reference)}, the ${image} digest output ${digest}`);
          }
          const summary = stepSummary(result, job);
          if (!summary.includes(`Version \`1.2.3\`, index digest \`${digest}\``)) problems.push(`${job}'s summary lacks the version and ${digest}:\n${summary}`);
        }
        return problems;
      }),
    },
  };
}
