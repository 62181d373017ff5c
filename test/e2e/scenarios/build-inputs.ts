import { createHash } from 'crypto';
import * as fs from 'fs';
import { BuildStrategy, ImageOptions, MultiArchImagePublisherOptions, Platform, RefEvent, TagRule } from '../../../src';
import { Events } from '../act';
import { Scenario, ScenarioOutcome } from '../scenario';

/**
 * What each leg's build really receives: build arguments holding expressions,
 * BuildKit secrets and the effect of pre-build steps, read back from what
 * BuildKit wrote (the published image's files, or a pull request's build log).
 */

/** Debian's busybox-static (pinned in scripts/install-e2e-tools.sh): a shell for a FROM scratch stage. */
const BUSYBOX = '/bin/busybox';

/**
 * A helper stage on the BUILD platform (so no leg needs emulation) records the
 * leg's build arguments and a sha256 of each secret (never the secret) in
 * /inputs.txt and prints it; the final stage carries it and the file a
 * pre-build step wrote into the context. REVISION (the commit) keeps BuildKit
 * from reusing another scenario's RUN: a secret is no part of its cache key.
 */
const INPUTS_DOCKERFILE = [
  'FROM --platform=$BUILDPLATFORM scratch AS tools',
  'COPY --chmod=0755 busybox /bin/busybox',
  'ARG TARGETPLATFORM',
  'ARG BASE=unset VERSION=unset REVISION=unset TUNE=unset EMPTY=unset BUILD_VERSION=unset',
  'RUN --mount=type=secret,id=npm --mount=type=secret,id=pip ["/bin/busybox", "sh", "-c", "' +
    'h() { if [ -f /run/secrets/$1 ]; then /bin/busybox sha256sum /run/secrets/$1 | /bin/busybox cut -c1-64; else echo absent; fi; }; ' +
    'echo \\"inputs platform=$TARGETPLATFORM BASE=$BASE VERSION=$VERSION REVISION=$REVISION TUNE=$TUNE EMPTY=$EMPTY ' +
    'BUILD_VERSION=$BUILD_VERSION npm=$(h npm) pip=$(h pip)\\" | /bin/busybox tee /inputs.txt"]',
  'FROM scratch',
  'COPY --from=tools /inputs.txt /inputs.txt',
  'COPY generated.txt /generated.txt',
  '',
].join('\n');

/** The secrets a same-repository run gets; a fork's pull request gets none (act passes only those given). */
const SECRETS = { NPM_TOKEN: 'npm-s3cr3t', PIP_INDEX_TOKEN: 'pip-s3cr3t' };

/** Two pre-build steps: one computes an output a build argument reads, one writes a file the Dockerfile copies. */
const PRE_BUILD_STEPS = [
  {
    name: 'Compute the build version',
    id: 'version',
    env: { VERSION: '${{ steps.meta.outputs.version }}' },
    run: 'echo "value=$VERSION+build.7" >> "$GITHUB_OUTPUT"',
  },
  { name: 'Generate a file for the build', run: 'echo "generated before the build of $GITHUB_JOB" > generated.txt' },
];

const COMMON_ARGS = {
  VERSION: '${{ steps.meta.outputs.version }}',
  REVISION: 'git-${{ github.sha }}',
  BUILD_VERSION: '${{ steps.version.outputs.value }}',
};

/** A native image whose legs differ (one override adds expression arguments, one pins VERSION) and an emulated one. */
function inputsOptions(): MultiArchImagePublisherOptions {
  const server: ImageOptions = {
    name: 'server',
    platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7],
    buildArgs: { ...COMMON_ARGS, BASE: 'debian' },
    buildSecrets: { npm: 'NPM_TOKEN', pip: 'PIP_INDEX_TOKEN' },
    preBuildSteps: PRE_BUILD_STEPS,
    checkout: { fetchDepth: 0 },
    platformOverrides: [
      // An expression that evaluates to an empty string still sets its argument, on this leg only.
      { platform: Platform.LINUX_ARM64, buildArgs: { TUNE: "arm-${{ steps.meta.outputs.version }}-'{x}'", EMPTY: '${{ steps.meta.outputs.no-such-output }}' } },
      { platform: Platform.LINUX_ARM_V7, buildArgs: { VERSION: 'pinned' } },
    ],
  };
  const cli: ImageOptions = {
    name: 'cli',
    strategy: BuildStrategy.EMULATED,
    buildArgs: { ...COMMON_ARGS, BASE: 'alpine' },
    buildSecrets: { npm: 'NPM_TOKEN' },
    preBuildSteps: PRE_BUILD_STEPS,
  };
  return {
    triggers: { tags: ['v*'], pullRequest: true },
    tags: [TagRule.semver('{{version}}'), TagRule.ref(RefEvent.PR)],
    images: [server, cli],
  };
}

/** The build context; busybox is read when the repository is written (after install-e2e-tools.sh). */
function inputsFiles(): Record<string, string | Buffer> {
  return {
    Dockerfile: INPUTS_DOCKERFILE,
    get busybox() { return fs.readFileSync(BUSYBOX); },
  };
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * The /inputs.txt line each leg of each image must have written: `version` is
 * the metadata step's version, `sha` the commit, `secrets` whether the run had them.
 */
function expectedInputs(version: string, sha: string, secrets: boolean): Record<string, Record<string, string>> {
  const npm = secrets ? hash(SECRETS.NPM_TOKEN) : 'absent';
  const pip = secrets ? hash(SECRETS.PIP_INDEX_TOKEN) : 'absent';
  const line = (platform: string, args: Record<string, string>) => {
    const all: Record<string, string> = {
      BASE: 'unset', VERSION: version, REVISION: `git-${sha}`, TUNE: 'unset', EMPTY: 'unset', BUILD_VERSION: `${version}+build.7`, npm, pip, ...args,
    };
    return `inputs platform=${platform} BASE=${all.BASE} VERSION=${all.VERSION} REVISION=${all.REVISION} TUNE=${all.TUNE} EMPTY=${all.EMPTY} ` +
      `BUILD_VERSION=${all.BUILD_VERSION} npm=${all.npm} pip=${all.pip}`;
  };
  return {
    server: {
      'linux/amd64': line('linux/amd64', { BASE: 'debian' }),
      'linux/arm64': line('linux/arm64', { BASE: 'debian', TUNE: `arm-${version}-'{x}'`, EMPTY: '' }),
      'linux/arm/v7': line('linux/arm/v7', { BASE: 'debian', VERSION: 'pinned' }),
    },
    cli: {
      'linux/amd64': line('linux/amd64', { BASE: 'alpine', pip: 'absent' }),
      'linux/arm64': line('linux/arm64', { BASE: 'alpine', pip: 'absent' }),
    },
  };
}

/** Each `inputs ...` line the helper stage's RUN printed, by job id (act's JSON log). */
function printedInputs(log: string): Record<string, string[]> {
  const printed: Record<string, string[]> = {};
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: any;
    try { entry = JSON.parse(line); } catch { continue; }
    const match = /^#\d+ \d+\.\d+ (inputs platform=.*)$/.exec(String(entry.msg ?? '').trim());
    if (match) (printed[entry.jobID] ??= []).push(match[1]);
  }
  return printed;
}

function compare(what: string, actual: string[], expected: string[]): string[] {
  const a = [...actual].sort(), e = [...expected].sort();
  return JSON.stringify(a) === JSON.stringify(e) ? [] : [`${what}:\n    got      ${a.join('\n             ')}\n    expected ${e.join('\n             ')}`];
}

/** A tag push: every leg's published image holds its inputs, and the pre-build step's file. */
function verifyPublished(owner: string) {
  return ({ env, reader }: ScenarioOutcome): string[] => {
    const problems: string[] = [];
    const repo = (image: string) => `${env.registry.host}/${owner.toLowerCase()}/${image}:1.2.3`;
    const sha = reader.config(repo('server'), 'linux/amd64').config.Labels['org.opencontainers.image.revision'];
    for (const [image, legs] of Object.entries(expectedInputs('1.2.3', sha, true))) {
      for (const [platform, line] of Object.entries(legs)) {
        problems.push(...compare(`${image} ${platform} /inputs.txt`, [reader.file(repo(image), platform, 'inputs.txt').trim()], [line]));
        problems.push(...compare(`${image} ${platform} /generated.txt`, [reader.file(repo(image), platform, 'generated.txt').trim()], [`generated before the build of build-${image}`]));
        // A secret never travels as a build argument, so the image's history cannot hold it.
        const config = JSON.stringify(reader.config(repo(image), platform));
        if (config.includes('s3cr3t')) problems.push(`the config of ${image} ${platform} holds a secret`);
      }
    }
    return problems;
  };
}

/** A pull request: nothing is pushed, so each check leg's inputs are read from BuildKit's build log. */
function verifyChecked(secrets: boolean) {
  return ({ result }: ScenarioOutcome): string[] => {
    const printed = printedInputs(result.log);
    const shas = new Set(Object.values(printed).flat().map(line => /REVISION=git-([0-9a-f]{40}) /.exec(line)?.[1]));
    if (shas.size !== 1 || shas.has(undefined)) return [`the check legs printed no single commit: ${JSON.stringify(printed)}`];
    const expected = expectedInputs('pr-7', [...shas][0]!, secrets);
    return [
      ...compare('check-server printed', printed['check-server'] ?? [], Object.values(expected.server)),
      ...compare('check-cli printed', printed['check-cli'] ?? [], Object.values(expected.cli)),
    ];
  };
}

export const BUILD_INPUTS_SCENARIOS: Scenario[] = [
  {
    name: 'build-inputs',
    owner: 'Acme-Inputs',
    options: inputsOptions,
    event: Events.tagPush('v1.2.3'),
    files: inputsFiles(),
    secrets: SECRETS,
    expect: {
      success: true,
      published: env => [
        { repository: `${env.registry.host}/acme-inputs/server`, tags: ['1.2.3', 'latest'], platforms: ['linux/amd64', 'linux/arm/v7', 'linux/arm64'] },
        { repository: `${env.registry.host}/acme-inputs/cli`, tags: ['1.2.3', 'latest'], platforms: ['linux/amd64', 'linux/arm64'] },
      ],
      verify: verifyPublished('Acme-Inputs'),
    },
  },
  {
    name: 'build-inputs-pr',
    owner: 'Acme-Inputs-Pr',
    options: inputsOptions,
    event: Events.pullRequest(7),
    files: inputsFiles(),
    secrets: SECRETS,
    expect: { success: true, published: () => [], verify: verifyChecked(true) },
  },
  {
    // A fork's pull request: GitHub gives it no secrets, so each is empty; the build still runs.
    name: 'build-inputs-fork',
    owner: 'Acme-Inputs-Fork',
    options: inputsOptions,
    event: Events.pullRequest(7),
    files: inputsFiles(),
    expect: { success: true, published: () => [], verify: verifyChecked(false) },
  },
];
