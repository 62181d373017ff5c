import { Platform, TagRule } from '../../../src';
import { Events } from '../act';
import { SCRATCH_DOCKERFILE, Scenario, ScenarioOutcome } from '../scenario';
import { differs, dockerCommands, failedStepsByLeg, indexCreations, logLines, printed, printStepSummary, safely, stepOutputs, stepRan, stepSummary, withChecks } from './act-log';
import { BOTH, SEED_FILES, seedScenario } from './seed';

const WORKER_BUILD = 'build-qm-nmr-calc-worker';
const WORKER_MERGE = 'merge-qm-nmr-calc-worker';
const API_BUILD = 'build-qm-nmr-calc-api';

/** The seed's Dockerfiles, each copying a file that names it, so the image shows which one built it. */
const MARKED_FILES: Record<string, string> = {
  ...SEED_FILES,
  ...Object.fromEntries(['Dockerfile.api', 'Dockerfile.worker', 'Dockerfile.worker.arm64'].flatMap(file =>
    [[file, `${SCRATCH_DOCKERFILE}COPY marker-${file}.txt /marker.txt\n`], [`marker-${file}.txt`, `${file}\n`]])),
};

/** The built digest each leg of a native build job reported (its `digest` output), by platform. */
function builtDigests(outcome: ScenarioOutcome, job: string, platforms: string[]): Record<string, string> {
  return Object.fromEntries(platforms.map(platform =>
    [platform, stepOutputs(outcome.result, { job, platform, step: 'Build and push by digest' }).digest ?? '']));
}

/** The one `docker buildx build` a step ran, as argv. */
function buildArgv(outcome: ScenarioOutcome, filter: { job: string; platform?: string; step: string }): string[] {
  const builds = dockerCommands(outcome.result, filter).filter(argv => argv[0] === 'buildx' && argv[1] === 'build');
  return builds.length === 1 ? builds[0] : [`${builds.length} builds`];
}
const flag = (argv: string[], name: string) => argv.filter((_, i) => argv[i - 1] === name);

/** The merge job's download step: the artifact names it found. */
function downloaded(outcome: ScenarioOutcome, job: string): string[] {
  const found = printed(outcome.result, 'Found ', { job, step: 'Download the digests of this image' }).find(line => line.includes(': '));
  return found ? found.split(': ')[1].split(', ').sort() : [];
}

/** The image digests (attestations left out) of an index. */
function imageDigests(index: any): string[] {
  return (index.manifests ?? []).filter((m: any) => m.platform?.os !== 'unknown').map((m: any) => m.digest).sort();
}

/** Everything the seed's data flow must show, beyond what is published. */
function seedDataFlow(outcome: ScenarioOutcome): string[] {
  const { reader, result } = outcome;
  const worker = 'ghcr.io/acme-detail/qm-nmr-calc-worker', api = 'ghcr.io/acme-detail/qm-nmr-calc-api';
  const tags = (repository: string) => ['1.2.3', '1.2', 'latest'].map(tag => `${repository}:${tag}`);
  const problems: string[] = [];
  const built = builtDigests(outcome, WORKER_BUILD, BOTH);
  const dockerfiles: Record<string, string> = { 'linux/amd64': 'Dockerfile.worker', 'linux/arm64': 'Dockerfile.worker.arm64' };
  const runners: Record<string, string> = { 'linux/amd64': 'ubuntu-24.04', 'linux/arm64': 'ubuntu-24.04-arm' };
  for (const platform of BOTH) {
    // Each worker leg: its own Dockerfile, its own platform, on its own native runner, pushed by digest only.
    const argv = buildArgv(outcome, { job: WORKER_BUILD, platform, step: 'Build and push by digest' });
    problems.push(...differs(`${platform} leg's build --file/--platform/--tag`, [flag(argv, '--file'), flag(argv, '--platform'), flag(argv, '--tag')], [[dockerfiles[platform]], [platform], []]));
    if (!flag(argv, '--output').some(o => o.includes(`"name=${worker}"`) && o.includes('push-by-digest=true'))) problems.push(`${platform} leg does not push ${worker} by digest: ${argv.join(' ')}`);
    problems.push(...differs(`${platform} leg's runner`, [...new Set(logLines(result, { job: WORKER_BUILD, platform }).map(l => l.runner))], [runners[platform]]));
    if (stepRan(result, { job: WORKER_BUILD, platform, step: 'Set up QEMU' })) problems.push(`${platform} leg set up QEMU`);
    // The image content says which Dockerfile built it, and its config which architecture.
    problems.push(...differs(`${worker}:1.2.3 ${platform} /marker.txt`, reader.file(`${worker}:1.2.3`, platform, '/marker.txt'), `${dockerfiles[platform]}\n`));
    problems.push(...differs(`${worker}:1.2.3 ${platform} architecture`, reader.configArchitecture(`${worker}:1.2.3`, platform), platform.split('/')[1]));
    // With build-push-action's default provenance the leg's digest is an index: its image plus an attestation.
    const leg = reader.manifest(`${worker}@${built[platform]}`);
    problems.push(...differs(`${platform} leg's pushed index (image, attestation)`, (leg.manifests ?? []).map((m: any) => m.platform?.os === 'unknown' ? 'attestation' : 'image').sort(), ['attestation', 'image']));
  }
  // The merge receives exactly its own two digests and creates the index of them, with all three tags.
  problems.push(...differs('artifacts the merge downloaded', downloaded(outcome, WORKER_MERGE), ['digests~qm-nmr-calc-worker~linux-amd64', 'digests~qm-nmr-calc-worker~linux-arm64']));
  const workerIndexes = indexCreations(result, { job: WORKER_MERGE });
  problems.push(...differs('the merge\'s imagetools create (tags, sources)', workerIndexes.map(c => [[...c.tags].sort(), [...c.sources].sort()]),
    [[[...tags(worker)].sort(), Object.values(built).map(d => `${worker}@${d}`).sort()]]));
  // The published index holds exactly the images inside the legs' indexes, and both attestations.
  const published = reader.manifest(`${worker}:1.2.3`);
  problems.push(...differs(`${worker}:1.2.3 images`, imageDigests(published), Object.values(built).flatMap(d => imageDigests(reader.manifest(`${worker}@${d}`))).sort()));
  problems.push(...differs(`${worker}:1.2.3 attestations`, (published.manifests ?? []).filter((m: any) => m.platform?.os === 'unknown').length, 2));
  // The API: one build of both platforms under QEMU, from Dockerfile.api, pushed by digest, then tagged.
  const apiArgv = buildArgv(outcome, { job: API_BUILD, step: 'Build and push every platform by digest' });
  problems.push(...differs('the API build --file/--platform/--tag', [flag(apiArgv, '--file'), flag(apiArgv, '--platform'), flag(apiArgv, '--tag')], [['Dockerfile.api'], ['linux/amd64,linux/arm64'], []]));
  problems.push(...differs('QEMU set up for the API', printed(result, 'QEMU requested for ', { job: API_BUILD, step: 'Set up QEMU' }).map(l => l.split(';')[0]), ['linux/arm64']));
  const apiDigest = stepOutputs(result, { job: API_BUILD, step: 'Build and push every platform by digest' }).digest;
  problems.push(...differs('the API\'s imagetools create (tags, sources)', indexCreations(result, { job: API_BUILD }), [{ tags: tags(api), sources: [`${api}@${apiDigest}`] }]));
  for (const platform of BOTH) problems.push(...differs(`${api}:1.2.3 ${platform} /marker.txt`, reader.file(`${api}:1.2.3`, platform, '/marker.txt'), 'Dockerfile.api\n'));
  // Every image reference any docker command got is lowercase, though the owner is Acme-Detail.
  const references = dockerCommands(result).flatMap(argv => argv.join(' ').match(/ghcr\.io\/[^\s:@",]+/gi) ?? []);
  if (references.length < 15) problems.push(`only ${references.length} image references in the docker commands`);
  problems.push(...references.filter(r => !/^ghcr\.io\/acme-detail\/qm-nmr-calc-(api|worker)$/.test(r)).map(r => `docker got the reference ${r}`));
  // metadata-action lists `latest` twice (the raw rule and latest=auto); every script uses each tag once.
  const metadata = JSON.parse(stepOutputs(result, { job: WORKER_MERGE, step: 'Compute tags, labels and annotations' }).json ?? '{}');
  problems.push(...differs('metadata-action\'s json tags', metadata.tags, [...tags(worker).slice(0, 2), `${worker}:latest`, `${worker}:latest`]));
  for (const [job, repository] of [[WORKER_MERGE, worker], [API_BUILD, api]]) {
    const summary = stepSummary(result, job);
    problems.push(...differs(`${job}: creations of :latest, summary lines with :latest`,
      [indexCreations(result, { job }).flatMap(c => c.tags).filter(t => t.endsWith(':latest')).length, (summary.match(/:latest`/g) ?? []).length], [1, 1]));
    // The summary names every tag and every published image digest with its platform.
    for (const tag of tags(repository)) if (!summary.includes(tag)) problems.push(`${job}'s summary lacks ${tag}`);
    for (const m of reader.manifest(`${repository}:1.2.3`).manifests.filter((e: any) => e.platform?.os !== 'unknown')) {
      if (!summary.includes(`${m.platform.os}/${m.platform.architecture} | \`${m.digest}\``)) problems.push(`${job}'s summary lacks ${m.platform.architecture} ${m.digest}`);
    }
    problems.push(...differs(`${job}'s verification`, printed(result, 'Verified ', { job, step: 'Verify the published index holds every platform' }), ['3 tag(s): each holds linux/amd64 linux/arm64']));
  }
  return problems;
}

/** Names that prefix each other, a name holding `--`, and arm/v7 under QEMU next to native 386. */
const PREFIX_IMAGES: Array<[string, Platform[]]> = [
  ['api', [Platform.LINUX_AMD64]],
  ['api-v2', [Platform.LINUX_AMD64, Platform.LINUX_ARM64]],
  ['api-v2-worker', [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7, Platform.LINUX_386]],
  ['a', [Platform.LINUX_AMD64, Platform.LINUX_ARM64]],
  ['a--b', [Platform.LINUX_AMD64, Platform.LINUX_ARM64]],
];

function prefixDataFlow(outcome: ScenarioOutcome): string[] {
  const { reader, result } = outcome;
  const problems: string[] = [];
  for (const [name, platforms] of PREFIX_IMAGES) {
    const repository = `ghcr.io/acme-names/${name}`;
    const built = builtDigests(outcome, `build-${name}`, platforms.map(p => p.value));
    problems.push(...differs(`merge-${name} downloaded`, downloaded(outcome, `merge-${name}`), platforms.map(p => `digests~${name}~${p.pair}`).sort()));
    problems.push(...differs(`merge-${name}'s imagetools create`, indexCreations(result, { job: `merge-${name}` }).map(c => [c.tags, [...c.sources].sort()]),
      [[[`${repository}:1.2.3`, `${repository}:latest`], Object.values(built).map(d => `${repository}@${d}`).sort()]]));
  }
  // linux/arm/v7 on an arm64 runner under QEMU; linux/386 on an x64 runner without.
  const leg = (platform: string) => ({ job: 'build-api-v2-worker', platform });
  problems.push(...differs('arm/v7 leg: runner, QEMU', [logLines(result, leg('linux/arm/v7'))[0]?.runner, printed(result, 'QEMU requested for ', { ...leg('linux/arm/v7'), step: 'Set up QEMU' }).map(l => l.split(';')[0])],
    ['ubuntu-24.04-arm', ['linux/arm/v7']]));
  problems.push(...differs('386 leg: runner, QEMU', [logLines(result, leg('linux/386'))[0]?.runner, stepRan(result, { ...leg('linux/386'), step: 'Set up QEMU' })], ['ubuntu-24.04', false]));
  const worker = 'ghcr.io/acme-names/api-v2-worker:1.2.3';
  for (const [platform, file] of [['linux/arm/v7', 'hello-armv7.txt'], ['linux/386', 'hello-386.txt']]) {
    problems.push(...differs(`${worker} ${platform} /hello.txt`, reader.file(worker, platform, '/hello.txt'), `from ${file}\n`));
  }
  problems.push(...differs(`${worker} arm/v7 config`, (({ architecture, variant }) => [architecture, variant])(reader.config(worker, 'linux/arm/v7')), ['arm', 'v7']));
  return problems;
}

/** What flows from build legs to merge jobs to the registry, and the faults planted in that flow. */
export const DATA_FLOW_SCENARIOS: Scenario[] = [
  withChecks(seedScenario('seed-detail', 'Acme-Detail', { files: MARKED_FILES }), seedDataFlow, publisher => {
    printStepSummary(publisher, WORKER_MERGE);
    printStepSummary(publisher, API_BUILD);
  }),
  {
    name: 'prefix-names-detail',
    owner: 'Acme-Names',
    options: () => ({ tags: [TagRule.semver('{{version}}')], images: PREFIX_IMAGES.map(([name, platforms]) => ({ name, platforms })) }),
    event: Events.tagPush('v1.2.3'),
    files: {
      Dockerfile: 'FROM scratch\nARG TARGETARCH\nARG TARGETVARIANT\nCOPY hello-${TARGETARCH}${TARGETVARIANT}.txt /hello.txt\n',
      ...Object.fromEntries(['amd64', 'arm64', 'arm64v8', 'armv7', '386'].map(arch => [`hello-${arch}.txt`, `from hello-${arch}.txt\n`])),
    },
    expect: {
      success: true,
      published: env => PREFIX_IMAGES.map(([name, platforms]) => ({ repository: `${env.registry.host}/acme-names/${name}`, tags: ['1.2.3', 'latest'], platforms: platforms.map(p => p.value) })),
      verify: safely(prefixDataFlow),
    },
  },
  // faults/docker drops the arm64 worker leg's --metadata-file: the build pushes, but reports no digest.
  withChecks(seedScenario('fault-no-digest', 'Acme-Nodigest', {
    fault: 'no-digest:linux/arm64', success: false, errors: [/^The build of linux\/arm64 returned no image digest \(got ''\)$/], published: { 'qm-nmr-calc-api': BOTH },
  }), ({ result }) => [
    ...differs('failed steps', failedStepsByLeg(result), [`${WORKER_BUILD} [linux/arm64] › Export the digest`]),
    ...differs('errors', result.errors, ["The build of linux/arm64 returned no image digest (got '')"]),
    ...differs('uploads ran (amd64, arm64)', BOTH.map(platform => stepRan(result, { job: WORKER_BUILD, platform, step: 'Upload the digest' })), [true, false]),
    ...logLines(result, { job: WORKER_MERGE }).filter(l => l.text.startsWith('⭐ Run')).map(l => `the merge ran ${l.step}`),
    ...differs('the API job', result.jobs[API_BUILD], 'success'),
  ]),
];
