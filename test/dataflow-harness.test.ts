/**
 * The harness's own pieces: the expression evaluator, the metadata-action
 * model, matrix expansion, reference parsing, and a few end-to-end behaviours
 * on tiny hand-written workflows (file commands, shells, artifacts, faults).
 */
import {
  computeMetadata, describeRun, evaluate, evaluateCondition, Events, expandMatrix, ExpressionError, HarnessError, interpolate,
  parseReference, runWorkflow,
} from './harness';

const CTX = {
  contexts: {
    matrix: { value: { 'platform': 'linux/arm64', 'build-args': 'A=b', 'runner': { group: 'g' } }, strict: true },
    github: { value: { ref: 'refs/tags/v1.2.3', repository_owner: 'Acme-Org', event_name: 'push' }, strict: true },
    env: { value: { EMPTY: '' } },
    steps: { value: { build: { outputs: { digest: 'sha256:abc' } } } },
  },
  status: { success: () => true, failure: () => false, cancelled: () => false },
};

describe('expressions', () => {
  test.each([
    ["matrix.platform == 'linux/amd64' && 'ubuntu-latest' || 'ubuntu-24.04-arm'", 'ubuntu-24.04-arm'],
    ["matrix.platform == 'LINUX/ARM64'", true],
    ['matrix.build-args', 'A=b'],
    ["matrix['platform']", 'linux/arm64'],
    ["startsWith(github.ref, 'refs/tags/v')", true],
    ["contains(fromJSON('[\"a\",\"b\"]'), 'B')", true],
    ["format('{0}/{1}-{{x}}', github.repository_owner, 1)", 'Acme-Org/1-{x}'],
    ['!(env.UNSET || env.EMPTY)', true],
    ["1 == '1' && null == 0 && !('' != false)", true],
    ['steps.build.outputs.digest', 'sha256:abc'],
    ['steps.build.outputs.missing', null],
    ["toJSON(fromJSON('{\"a\":1}'))", '{\n  "a": 1\n}'],
    ['matrix.runner', { group: 'g' }],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression, CTX)).toEqual(expected);
  });

  test('templates interpolate; a lone expression keeps its type', () => {
    expect(interpolate('ref: ${{ github.ref }} / ${{ env.UNSET }}.', CTX)).toBe('ref: refs/tags/v1.2.3 / .');
    expect(interpolate("${{ '}}' }}", CTX)).toBe('}}');
  });

  test('if: implies success() unless a status function is used', () => {
    const failed = { ...CTX, status: { success: () => false, failure: () => true, cancelled: () => false } };
    expect(evaluateCondition('true', failed)).toBe(false);
    expect(evaluateCondition('${{ always() }}', failed)).toBe(true);
    expect(evaluateCondition('failure()', failed)).toBe(true);
    expect(evaluateCondition(undefined, CTX)).toBe(true);
  });

  test.each([
    ['vars.X', /unknown context "vars"/],
    ['github.nonsense', /unknown property "github.nonsense"/],
    ['matrix.nope', /unknown property "matrix.nope"/],
    ['hashFiles(\'x\')', /unknown function hashfiles\(\)/],
    ["'unterminated", /unterminated string/],
    ['a ==', /unexpected end/],
  ])('fails loudly on %s', (expression, message) => {
    expect(() => evaluate(expression, CTX)).toThrow(ExpressionError);
    expect(() => evaluate(expression, CTX)).toThrow(message);
  });
});

describe('metadata-action model', () => {
  const ctx = { eventName: 'push', ref: 'refs/tags/v1.2.3', sha: 'c0ffee5eed0fc0ffee5eed0fc0ffee5eed0fc0ff', repoName: 'r', owner: 'Acme-Org', defaultBranch: 'main', date: new Date('2025-06-01T00:00:00Z') };
  const tags = (rules: string, over: object = {}, images = 'ghcr.io/Acme-Org/app') =>
    computeMetadata({ images, tags: rules }, { ...ctx, ...over }).tags;

  test('semver patterns, latest=auto, lowercase images, one tag per image', () => {
    expect(tags('type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}'))
      .toEqual(['ghcr.io/acme-org/app:1.2.3', 'ghcr.io/acme-org/app:1.2', 'ghcr.io/acme-org/app:1', 'ghcr.io/acme-org/app:latest']);
    expect(tags('type=semver,pattern={{version}}', {}, 'a/x\nb/x')).toEqual(['a/x:1.2.3', 'a/x:latest', 'b/x:1.2.3', 'b/x:latest']);
  });

  test('pre-releases only get {{version}} and no latest', () => {
    expect(tags('type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}', { ref: 'refs/tags/v2.0.0-rc.1' }))
      .toEqual(['ghcr.io/acme-org/app:2.0.0-rc.1']);
  });

  test('ref, sha, edge, raw, enable, prefix and suffix on a branch push', () => {
    const branch = { ref: 'refs/heads/feature/x' };
    expect(tags('type=ref,event=branch\ntype=sha\ntype=raw,value=keep,prefix=p-,suffix=-s\ntype=raw,value=off,enable=false\ntype=semver,pattern={{version}}', branch, 'app'))
      .toEqual(['app:feature-x', 'app:p-keep-s', 'app:sha-c0ffee5']);
    expect(tags('type=edge\ntype=ref,event=tag', { ref: 'refs/heads/main' }, 'app')).toEqual(['app:edge']);
    expect(tags('type=schedule,pattern=nightly-{{date \'YYYYMMDD\'}}', { eventName: 'schedule', ref: 'refs/heads/main' }, 'app')).toEqual(['app:nightly-20250601']);
  });

  test('json output carries tags, labels and annotations at the requested levels', () => {
    const r = computeMetadata({ images: 'app', tags: 'type=raw,value=latest', labels: 'x=1' }, { ...ctx, annotationLevels: 'index' });
    expect(r.json.tags).toEqual(['app:latest']);
    expect(r.json.labels['org.opencontainers.image.revision']).toBe(ctx.sha);
    expect(r.json.labels.x).toBe('1');
    expect(r.annotations.every(a => a.startsWith('index:'))).toBe(true);
  });
});

describe('matrix and references', () => {
  test('include entries merge into matching combinations or add new ones; exclude removes', () => {
    expect(expandMatrix({ os: ['a', 'b'], v: [1, 2], exclude: [{ os: 'b', v: 2 }], include: [{ os: 'a', extra: 'x' }, { os: 'c' }] })).toEqual([
      { os: 'a', v: 1, extra: 'x' }, { os: 'a', v: 2, extra: 'x' }, { os: 'b', v: 1 }, { os: 'c' },
    ]);
    expect(expandMatrix({ include: [{ p: 1 }, { p: 2 }] })).toEqual([{ p: 1 }, { p: 2 }]);
  });

  test('references: capital letters in a repository are rejected like Docker does', () => {
    expect(parseReference('ghcr.io/acme-org/app:1.2').repository).toBe('ghcr.io/acme-org/app');
    expect(parseReference('alpine').repository).toBe('docker.io/library/alpine');
    expect(() => parseReference('ghcr.io/Acme-Org/app:1.2')).toThrow('repository name (Acme-Org/app) must be lowercase');
    expect(() => parseReference('ghcr.io/acme/app@sha256:xyz')).toThrow(/invalid digest/);
  });
});

describe('running small workflows', () => {
  const wf = (jobs: string) => `name: t\non: push\njobs:\n${jobs}`;

  test('file commands (heredoc outputs, env, path), shells, working-directory and private /tmp per leg', () => {
    const r = runWorkflow(wf(`
  a:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        n: [1, 2]
    env:
      FROM_JOB: job-\${{ matrix.n }}
    steps:
      - id: out
        name: outputs
        run: |
          { echo 'multi<<EOF'; echo 'line 1'; echo 'line 2'; echo 'EOF'; echo "plain=$FROM_JOB"; } >> "$GITHUB_OUTPUT"
          echo "LATER=from-env" >> "$GITHUB_ENV"
          echo "/opt/added" >> "$GITHUB_PATH"
          mkdir -p /tmp/shared && touch /tmp/shared/\${{ matrix.n }}
      - name: read
        working-directory: /tmp/shared
        env:
          MULTI: \${{ steps.out.outputs.multi }}
        run: |
          test "$MULTI" = $'line 1\\nline 2'
          test "$LATER" = from-env
          [[ "$PATH" == */opt/added:* ]]
          test "\${{ env.LATER }}" = from-env
          test "$(ls)" = \${{ matrix.n }}  # each leg has its own /tmp
          false | true  # the default shell is bash -e, without pipefail
      - name: pipefail
        shell: bash
        run: false | true
`), { event: Events.branchPush() });
    expect(r.conclusion).toBe('failure');
    expect(r.jobs.a.legs).toHaveLength(2);
    if (r.jobs.a.legs.some(l => l.steps[1].status !== 'success')) throw new Error(describeRun(r));
    for (const leg of r.jobs.a.legs) {
      expect(leg.steps.map(s => s.status)).toEqual(['success', 'success', 'failure']);
      expect(leg.steps[0].outputs).toEqual({ multi: 'line 1\nline 2', plain: `job-${leg.matrix.n}` });
    }
  });

  test('artifacts are immutable, patterns select, and needs gate jobs', () => {
    const r = runWorkflow(wf(`
  up:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        name: [x-1, x-2, x-2]
    steps:
      - run: mkdir -p "$RUNNER_TEMP/d" && echo \${{ matrix.name }} > "$RUNNER_TEMP/d/\${{ strategy.job-index }}"
      - uses: actions/upload-artifact@v4
        with:
          name: a-\${{ matrix.name }}
          path: \${{ runner.temp }}/d/*
  down:
    needs: up
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
  always:
    needs: up
    if: always()
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          pattern: a-x-*
          path: out
      - run: test -f out/a-x-1/0 && test -f out/a-x-2/1
`), { event: Events.branchPush() });
    expect(r.jobs.up.legs.map(l => l.status)).toEqual(['success', 'success', 'failure']);
    expect(r.jobs.up.legs[2].steps[1].errors[0]).toMatch(/\(409\) Conflict: an artifact with this name already exists/);
    expect(r.jobs.down.status).toBe('skipped');
    expect(r.jobs.always.status).toBe('success');
    expect(r.downloads[0].artifacts).toEqual(['a-x-1', 'a-x-2']);
  });

  test('the docker stub records calls and models the registry', () => {
    const r = runWorkflow(wf(`
  p:
    runs-on: ubuntu-24.04-arm
    steps:
      - uses: docker/setup-buildx-action@v3
      - uses: docker/login-action@v3
        with: { registry: ghcr.io, username: u, password: p }
      - id: b
        uses: docker/build-push-action@v6
        with:
          outputs: type=image,"name=ghcr.io/o/a,ghcr.io/o/b",push-by-digest=true,push=true
      - name: create
        env:
          D: \${{ steps.b.outputs.digest }}
        run: |
          docker version
          docker buildx imagetools create -t ghcr.io/o/b:1 --annotation index:k=v "ghcr.io/o/b@$D"
          docker buildx imagetools inspect --raw ghcr.io/o/b:1 | jq -e '.annotations.k == "v" and (.manifests | length) == 2'
          ! docker buildx imagetools inspect --raw ghcr.io/o/b:2
          ! docker buildx imagetools create -t ghcr.io/o/b:3 --annotation k=v "ghcr.io/o/b@$D"
          ! docker buildx imagetools create -t ghcr.io/O/b:4 "ghcr.io/o/b@$D"
`), { event: Events.branchPush() });
    if (r.conclusion !== 'success') throw new Error(describeRun(r));
    expect(r.builds[0]).toMatchObject({ platforms: ['linux/arm64'], runnerArch: 'ARM64', repositories: ['ghcr.io/o/a', 'ghcr.io/o/b'], attestations: true });
    expect(r.dockerCalls.map(c => [c.argv[0], c.exitCode])).toEqual([['version', 0], ['buildx', 0], ['buildx', 0], ['buildx', 1], ['buildx', 1], ['buildx', 1]]);
    expect(r.dockerCalls[4].stderr).toMatch(/"" annotations are not supported yet/);
    expect(r.dockerCalls[5].stderr).toMatch(/must be lowercase/);
    expect(Object.keys(r.registry)).toEqual(['ghcr.io/o/b:1']);
  });

  test('unknown actions and unknown expressions stop the run', () => {
    expect(() => runWorkflow(wf('  a:\n    runs-on: x\n    steps:\n      - uses: someone/else@v1\n'))).toThrow(HarnessError);
    expect(() => runWorkflow(wf('  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ foo.X }}\n'))).toThrow(/unknown context "foo"/);
  });
});
