import { BuildStrategy, Cache, CacheMode, ImageOptions, LatestTag, MultiArchImagePublisher, MultiArchImagePublisherOptions, Platform, Registry, TagRule } from '../src';
import { expectError, newProject, synthWorkflow } from './util';

function publisher(images: ImageOptions[], extra: Partial<MultiArchImagePublisherOptions> = {}): MultiArchImagePublisherOptions {
  // BuildKit's check argument (dockerfileChecks, on by default) is left out so only the image's own arguments show.
  return { triggers: { tags: ['v*'], pullRequest: true }, images, dockerfileChecks: { failOnWarnings: false }, ...extra };
}

function stepNamed(job: any, name: RegExp): any {
  return job.steps.find((step: any) => name.test(step.name));
}

describe('build arguments holding expressions', () => {
  const { workflow } = synthWorkflow(publisher([{
    name: 'server',
    platforms: [Platform.LINUX_AMD64, Platform.LINUX_ARM64],
    buildArgs: { VERSION: '${{ steps.meta.outputs.version }}', BASE: 'debian' },
    platformOverrides: [{ platform: Platform.LINUX_ARM64, buildArgs: { TUNE: "a'{b}-${{ env.TUNE }}" } }],
  }]));

  test.each(['build-server', 'check-server'])('%s: the matrix holds only static values; the build step reads the expressions', job => {
    const include = workflow.jobs[job].strategy.matrix.include;
    expect(include.map((leg: any) => leg['build-args'])).toEqual(['BASE=debian', 'BASE=debian']);
    expect(JSON.stringify(include)).not.toContain('${{');
    expect(stepNamed(workflow.jobs[job], /^Build/).with['build-args']).toBe([
      '${{ matrix.build-args }}',
      'VERSION=${{ steps.meta.outputs.version }}',
      "${{ (matrix.pair == 'linux-arm64') && format('TUNE=a''{{b}}-{0}', (env.TUNE)) || '' }}",
    ].join('\n'));
  });

  test('an image whose build arguments are all expressions has no build-args column', () => {
    const only = synthWorkflow(publisher([{ name: 'api', buildArgs: { REV: '${{ github.sha }}' } }])).workflow;
    expect(only.jobs['build-api'].strategy.matrix.include[0]['build-args']).toBeUndefined();
    expect(stepNamed(only.jobs['build-api'], /^Build/).with['build-args']).toBe('REV=${{ github.sha }}');
  });

  test('the emulated build reads them in its one build step', () => {
    const emulated = synthWorkflow(publisher([{ name: 'api', strategy: BuildStrategy.EMULATED, buildArgs: { VERSION: '${{ steps.meta.outputs.version }}' } }])).workflow;
    for (const job of ['build-api', 'check-api']) {
      expect(stepNamed(emulated.jobs[job], /^Build/).with['build-args']).toBe('VERSION=${{ steps.meta.outputs.version }}');
    }
  });
});

describe('build arguments that would put a secret into the image', () => {
  test.each([
    ['${{ secrets.NPM_TOKEN }}'],
    ["${{ secrets['NPM_TOKEN'] }}"],
    ['token=${{ github.token }}'],
    ['${{ format(\'{0}\', secrets.X) }}'],
  ])('%s is refused, pointing to buildSecrets', value => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api', buildArgs: { TOKEN: value } }])),
      /images\[0\]\.buildArgs\.TOKEN/, /reads a secret/, /buildSecrets/);
  });

  test('also in a platform override', () => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{
      name: 'api',
      platformOverrides: [{ platform: Platform.LINUX_ARM64, buildArgs: { TOKEN: '${{ secrets.X }}' } }],
    }])), /images\[0\]\.platformOverrides\[0\]\.buildArgs\.TOKEN/, /buildSecrets/);
  });

  test('a value that merely mentions secrets outside an expression is a plain string', () => {
    const { workflow } = synthWorkflow(publisher([{ name: 'api', buildArgs: { NOTE: 'secrets.txt' } }]));
    expect(workflow.jobs['build-api'].strategy.matrix.include[0]['build-args']).toBe('NOTE=secrets.txt');
  });

  test('an unclosed expression is refused', () => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api', buildArgs: { V: '${{ github.sha' } }])),
      /images\[0\]\.buildArgs\.V "\$\{\{ github\.sha" has a "\$\{\{" without its closing "\}\}"/);
  });
});

describe('build secrets', () => {
  const { workflow } = synthWorkflow(publisher([
    { name: 'server', buildSecrets: { 'npm': 'NPM_TOKEN', 'gh.token': 'GITHUB_TOKEN' } },
    { name: 'cli', strategy: BuildStrategy.EMULATED, buildSecrets: { npm: 'NPM_TOKEN' } },
  ]));

  test.each(['build-server', 'check-server'])('%s: one id=${{ secrets.NAME }} line per secret in the secrets input', job => {
    expect(stepNamed(workflow.jobs[job], /^Build/).with.secrets).toBe('npm=${{ secrets.NPM_TOKEN }}\ngh.token=${{ secrets.GITHUB_TOKEN }}');
  });

  test.each(['build-cli', 'check-cli'])('%s: the emulated build gets them too', job => {
    expect(stepNamed(workflow.jobs[job], /^Build/).with.secrets).toBe('npm=${{ secrets.NPM_TOKEN }}');
  });

  test('no run: script, env: or build argument reads a secret (only the secrets input does)', () => {
    for (const job of Object.values<any>(workflow.jobs)) {
      for (const step of job.steps) {
        expect(JSON.stringify({ run: step.run, env: step.env, args: step.with?.['build-args'] })).not.toMatch(/secrets\./);
      }
    }
  });

  test('an image without secrets has no secrets input', () => {
    const plain = synthWorkflow(publisher([{ name: 'api' }])).workflow;
    expect(stepNamed(plain.jobs['build-api'], /^Build/).with.secrets).toBeUndefined();
  });

  test.each([
    [{ 'bad id': 'X' }, /buildSecrets key "bad id" is not a BuildKit secret id/],
    [{ npm: '${{ secrets.NPM_TOKEN }}' }, /buildSecrets\.npm "\$\{\{ secrets\.NPM_TOKEN \}\}" is not a GitHub secret name; give the name only/],
    [{ npm: '1TOKEN' }, /buildSecrets\.npm "1TOKEN" is not a GitHub secret name/],
    [{ npm: 'GITHUB_PAT' }, /buildSecrets\.npm "GITHUB_PAT" cannot be a GitHub secret: names starting with GITHUB_ are reserved/],
    [['NPM_TOKEN'], /buildSecrets \["NPM_TOKEN"\] must be an object/],
  ])('%j is refused', (buildSecrets, message) => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api', buildSecrets: buildSecrets as any }])), /images\[0\]/, message);
  });
});

describe('pre-build steps and checkout', () => {
  const steps = [{ name: 'Write version', id: 'version', run: 'make version' }, { uses: 'actions/setup-go@v5', with: { 'go-version': '1.23' } }];
  const { workflow } = synthWorkflow(publisher([
    { name: 'server', preBuildSteps: steps, checkout: { fetchDepth: 0, submodules: true, lfs: true } },
    { name: 'cli', strategy: BuildStrategy.EMULATED, preBuildSteps: steps },
  ]));

  test.each(['build-server', 'check-server', 'build-cli', 'check-cli'])('%s runs them after the metadata step, before QEMU, buildx and the build', job => {
    const names: string[] = workflow.jobs[job].steps.map((s: any) => s.name);
    const meta = names.indexOf('Compute tags, labels and annotations');
    expect(names.slice(meta + 1, meta + 3)).toEqual(['Write version', undefined]);
    expect(workflow.jobs[job].steps[meta + 2]).toMatchObject({ uses: 'actions/setup-go@v5', with: { 'go-version': '1.23' } });
    expect(names.findIndex(n => /^Build/.test(n))).toBeGreaterThan(meta + 2);
  });

  test('the merge job runs none of them', () => {
    expect(JSON.stringify(workflow.jobs['merge-server'])).not.toContain('make version');
  });

  test('checkout settings reach every build job of the image; other images keep the defaults', () => {
    for (const job of ['build-server', 'check-server']) {
      expect(workflow.jobs[job].steps[0].with).toEqual({ 'persist-credentials': false, 'fetch-depth': 0, 'submodules': true, 'lfs': true });
    }
    expect(workflow.jobs['build-cli'].steps[0].with).toEqual({ 'persist-credentials': false });
  });

  test.each([
    [{ preBuildSteps: 'make version' }, /images\[0\]\.preBuildSteps "make version" must be a list of projen JobStep/],
    [{ preBuildSteps: ['make version'] }, /images\[0\]\.preBuildSteps\[0\] "make version" is not a step/],
    [{ preBuildSteps: [{ name: 'nothing' }] }, /images\[0\]\.preBuildSteps\[0\] .* needs exactly one of run .* or uses/],
    [{ preBuildSteps: [{ run: 'a', uses: 'b/c@v1' }] }, /needs exactly one of run/],
    [{ preBuildSteps: [{ id: 'meta', run: 'a' }] }, /images\[0\]\.preBuildSteps\[0\]\.id "meta" is used by the generated steps/],
    [{ preBuildSteps: [{ id: 'v', run: 'a' }, { id: 'v', run: 'b' }] }, /preBuildSteps\[1\]\.id "v" is used by an earlier pre-build step/],
    [{ preBuildSteps: [{ id: '1st', run: 'a' }] }, /preBuildSteps\[0\]\.id "1st" is not a step id/],
    [{ checkout: { fetchDepth: -1 } }, /images\[0\]\.checkout\.fetchDepth -1 must be a whole number/],
    [{ checkout: { submodules: 'recursive' } }, /images\[0\]\.checkout\.submodules "recursive" must be true or false/],
    [{ checkout: true }, /images\[0\]\.checkout true must be an object/],
  ])('%j is refused', (options, message) => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api', ...(options as any) }])), message);
  });
});

describe('cache', () => {
  const images: ImageOptions[] = [
    { name: 'server' },
    { name: 'worker', cache: Cache.registry() },
    { name: 'tools', cache: Cache.registry({ ref: 'ghcr.io/acme/build-cache', mode: CacheMode.MIN, ignoreError: true }) },
    { name: 'cli', strategy: BuildStrategy.EMULATED, cache: Cache.none() },
    { name: 'docs', strategy: BuildStrategy.EMULATED },
  ];
  const { workflow } = synthWorkflow(publisher(images, { workflowName: 'images', cache: Cache.gha({ mode: CacheMode.MIN, ignoreError: true }) }));
  const build = (job: string) => stepNamed(workflow.jobs[job], /^Build/).with;

  test('the publisher-wide GHA cache: scopes carry the workflow, image and platform; checks only read', () => {
    expect(build('build-server')['cache-from']).toBe('type=gha,scope=images~server~${{ matrix.pair }}');
    expect(build('build-server')['cache-to']).toBe('type=gha,scope=images~server~${{ matrix.pair }},mode=min,ignore-error=true');
    expect(build('check-server')['cache-from']).toBe('type=gha,scope=images~server~${{ matrix.pair }}');
    expect(build('check-server')['cache-to']).toBeUndefined();
    expect(build('build-docs')['cache-from']).toBe('type=gha,scope=images~docs~emulated');
  });

  test('a registry cache per image and platform in the image\'s first registry, lowercased like the image', () => {
    expect(build('build-worker')['cache-from']).toBe('type=registry,ref=${{ steps.image.outputs.ref0 }}:buildcache-${{ matrix.pair }}');
    expect(build('build-worker')['cache-to']).toBe('type=registry,ref=${{ steps.image.outputs.ref0 }}:buildcache-${{ matrix.pair }},mode=max,image-manifest=true,oci-mediatypes=true');
    // The check job computes the lowercase reference too, to read the cache.
    expect(workflow.jobs['check-worker'].steps.map((s: any) => s.id)).toContain('image');
    expect(build('check-worker')['cache-from']).toBe('type=registry,ref=${{ steps.image.outputs.ref0 }}:buildcache-${{ matrix.pair }}');
    expect(build('check-worker')['cache-to']).toBeUndefined();
    expect(workflow.jobs['check-server'].steps.map((s: any) => s.id)).not.toContain('image');
  });

  test('a registry cache in a given repository gets one tag per image and platform', () => {
    expect(build('build-tools')['cache-to']).toBe('type=registry,ref=ghcr.io/acme/build-cache:buildcache--tools--${{ matrix.pair }},mode=min,ignore-error=true,image-manifest=true,oci-mediatypes=true');
  });

  test('Cache.none() reads and writes nothing', () => {
    expect(build('build-cli')['cache-from']).toBeUndefined();
    expect(build('build-cli')['cache-to']).toBeUndefined();
  });

  test('two publishers in one project never share a GHA scope', () => {
    const project = newProject();
    new MultiArchImagePublisher(project, { workflowName: 'nightly', images: [{ name: 'server' }] });
    const { workflow: other } = synthWorkflow({ workflowName: 'release', images: [{ name: 'server' }] }, project);
    expect(stepNamed(other.jobs['build-server'], /^Build/).with['cache-from']).toBe('type=gha,scope=release~server~${{ matrix.pair }}');
  });

  test.each([
    [{ cache: Cache.registry({ ref: 'ghcr.io/Acme/cache' }) }, /images\[0\]\.cache ref "ghcr\.io\/Acme\/cache" must be lowercase/],
    [{ cache: Cache.registry({ ref: 'ghcr.io/acme/cache:v1' }) }, /images\[0\]\.cache ref "ghcr\.io\/acme\/cache:v1" is not a registry repository; give host\/path without a tag/],
    [{ cache: 'gha' }, /images\[0\]\.cache "gha" is not a Cache; use Cache\.gha\(\)/],
    [{ cache: Cache.gha({ mode: 'all' as CacheMode }) }, /images\[0\]\.cache mode "all" is not allowed/],
  ])('%s is refused', (options, message) => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api', ...(options as any) }])), message);
  });

  test('the publisher-wide option is checked too', () => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api' }], { cache: Cache.registry({ ref: 'Registry.example.com/c' }) })),
      /^MultiArchImagePublisher: cache ref "Registry\.example\.com\/c" must be lowercase/);
  });
});

describe('variants of one image', () => {
  const variants: ImageOptions[] = [
    { name: 'server', cache: Cache.registry() },
    { name: 'server-alpine', repository: 'server', dockerfile: 'Dockerfile.alpine', flavor: { suffix: '-alpine', onLatest: true }, cache: Cache.registry() },
  ];
  const { workflow } = synthWorkflow(publisher(variants, { registries: [Registry.ghcr({ namespace: 'acme' })], flavor: { latest: LatestTag.AUTO } }));

  test('both publish to the shared repository; jobs, artifacts and caches keep the unique name', () => {
    expect(stepNamed(workflow.jobs['build-server-alpine'], /^Compute tags/).with.images).toBe('ghcr.io/acme/server');
    expect(stepNamed(workflow.jobs['build-server-alpine'], /^Compute tags/).with.flavor).toBe('latest=auto\nsuffix=-alpine,onlatest=true');
    expect(stepNamed(workflow.jobs['build-server'], /^Compute tags/).with.flavor).toBe('latest=auto');
    expect(stepNamed(workflow.jobs['build-server-alpine'], /^Upload/).with.name).toBe('digests~server-alpine~${{ matrix.pair }}');
    expect(stepNamed(workflow.jobs['build-server-alpine'], /^Build/).with['cache-from']).toBe('type=registry,ref=ghcr.io/acme/server:buildcache--server-alpine--${{ matrix.pair }}');
    expect(stepNamed(workflow.jobs['build-server'], /^Build/).with['cache-from']).toBe('type=registry,ref=ghcr.io/acme/server:buildcache-${{ matrix.pair }}');
  });

  test.each<[string, Partial<ImageOptions>]>([
    ['no flavor at all', {}],
    ['a suffix that still moves latest', { flavor: { suffix: '-alpine' } }],
    ['the same raw tag', { flavor: { suffix: '-alpine', onLatest: true }, tags: [TagRule.raw('stable')] }],
  ])('%s is refused as two images publishing one tag', (_case, variant) => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([
      { name: 'server', tags: [TagRule.semver('{{version}}'), TagRule.raw('stable-alpine')] },
      { name: 'server-alpine', repository: 'server', ...variant },
    ])), /images\[1\] "server-alpine" and images\[0\] "server" would both publish .* in ghcr\.io\/<owner>\/server/, /flavor prefix or suffix with onLatest: true/);
  });

  test('variants in different registries, or with latest turned off, are fine', () => {
    expect(() => synthWorkflow(publisher([
      { name: 'server' },
      { name: 'server-alpine', repository: 'server', registries: [Registry.dockerHub({ namespace: 'acme' })] },
    ]))).not.toThrow();
    expect(() => synthWorkflow(publisher([
      { name: 'server', tags: [TagRule.semver('{{version}}')] },
      { name: 'server-alpine', repository: 'server', tags: [TagRule.semver('{{version}}')], flavor: { suffix: '-alpine', latest: LatestTag.NEVER } },
    ]))).not.toThrow();
  });

  test.each([
    [{ repository: 'Server' }, /images\[0\]\.repository "Server" is not a valid repository name/],
    [{ repository: 'tools//server' }, /images\[0\]\.repository "tools\/\/server" is not a valid repository name/],
    [{ flavor: { onLatest: 'yes' } }, /images\[0\]\.flavor\.onLatest "yes" must be true or false/],
    [{ flavor: { suffix: 'a,b' } }, /images\[0\]\.flavor\.suffix "a,b" must be a string without commas/],
  ])('%j is refused', (options, message) => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api', ...(options as any) }])), message);
  });
});

describe('buildx', () => {
  test('merge jobs set up no builder; build legs use setupBuildx', () => {
    const { workflow } = synthWorkflow(publisher([{ name: 'server' }, { name: 'cli', strategy: BuildStrategy.EMULATED }], {
      setupBuildx: { version: 'v0.19.3', driverOpts: ['image=moby/buildkit:v0.18.2', 'network=host'] },
    }));
    const setup = (job: string) => workflow.jobs[job].steps.filter((s: any) => s.uses?.startsWith('docker/setup-buildx-action@'));
    expect(setup('merge-server')).toEqual([]);
    for (const job of ['build-server', 'check-server', 'build-cli', 'check-cli']) {
      expect(setup(job).map((s: any) => s.with)).toEqual([{ 'version': 'v0.19.3', 'cache-binary': false, 'driver-opts': 'image=moby/buildkit:v0.18.2\nnetwork=host' }]);
    }
    const plain = synthWorkflow(publisher([{ name: 'server' }])).workflow;
    expect(plain.jobs['build-server'].steps.find((s: any) => s.name === 'Set up Docker Buildx').with).toBeUndefined();
  });

  test.each([
    [{ version: '0.19' }, /setupBuildx\.version "0\.19" is not a buildx release/],
    [{ driverOpts: 'image=x' }, /setupBuildx\.driverOpts "image=x" must be a list/],
    [{ driverOpts: ['image'] }, /setupBuildx\.driverOpts\[0\] "image" must be one "key=value" line/],
  ])('%j is refused', (setupBuildx, message) => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api' }], { setupBuildx: setupBuildx as any })), message);
  });
});

describe('freeDiskSpace', () => {
  const { workflow } = synthWorkflow(publisher([
    { name: 'worker', freeDiskSpace: true, preBuildSteps: [{ name: 'Write version', run: 'make version' }] },
    { name: 'cli', strategy: BuildStrategy.EMULATED, freeDiskSpace: true },
    { name: 'api' },
  ]));

  test.each(['build-worker', 'check-worker', 'build-cli', 'check-cli'])('%s frees disk space on GitHub-hosted runners only, before the pre-build steps', job => {
    const steps = workflow.jobs[job].steps;
    const free = steps.findIndex((s: any) => s.name === 'Free disk space');
    expect(free).toBeGreaterThan(0);
    expect(steps[free].if).toBe("runner.environment == 'github-hosted'");
    expect(steps[free].env.REMOVE_PATHS).toContain('/usr/local/lib/android');
    expect(steps[free].run).not.toContain('${{');
    if (job.endsWith('worker')) expect(steps[free + 1].name).toBe('Write version');
  });

  test('images without it, and merge jobs, do not', () => {
    for (const job of ['build-api', 'check-api', 'merge-worker']) {
      expect(workflow.jobs[job].steps.map((s: any) => s.name)).not.toContain('Free disk space');
    }
  });

  test('a non-boolean is refused', () => {
    expectError(() => new MultiArchImagePublisher(newProject(), publisher([{ name: 'api', freeDiskSpace: 'yes' as any }])),
      /images\[0\]\.freeDiskSpace "yes" must be true or false/);
  });
});
