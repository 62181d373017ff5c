import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { E2eEnvironment, toolPath } from './environment';

/**
 * Images that can run: a tiny static Go program (runtime/hello/main.go),
 * cross-compiled for each CPU the e2e `docker run` (runtime/docker) knows,
 * named as a Dockerfile copies it: `hello-${TARGETARCH}${TARGETVARIANT}`.
 */
const BUILDS: Record<string, { GOARCH: string; GOARM?: string; variant?: string }> = {
  'hello-amd64': { GOARCH: 'amd64' },
  'hello-arm64': { GOARCH: 'arm64' },
  'hello-armv7': { GOARCH: 'arm', GOARM: '7', variant: 'v7' },
};

let binaries: Record<string, Buffer> | undefined;

/** The binaries, built once per run into the run's directory (E2E_RUN_DIR). */
export function helloBinaries(): Record<string, Buffer> {
  if (binaries) return binaries;
  const runDir = process.env.E2E_RUN_DIR;
  if (!runDir) throw new Error('E2E_RUN_DIR is not set: run the scenarios with bash scripts/e2e.sh');
  const out = path.join(runDir, 'hello');
  const source = path.join(__dirname, 'runtime', 'hello', 'main.go');
  binaries = {};
  for (const [file, target] of Object.entries(BUILDS)) {
    const ldflags = `-s -w${target.variant ? ` -X main.variant=${target.variant}` : ''}`;
    execFileSync('go', ['build', '-trimpath', '-ldflags', ldflags, '-o', path.join(out, file), source], {
      env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GOARCH: target.GOARCH, ...(target.GOARM ? { GOARM: target.GOARM } : {}) },
      stdio: 'inherit',
    });
    binaries[file] = fs.readFileSync(path.join(out, file));
  }
  return binaries;
}

/**
 * A Dockerfile of an image that runs its platform's binary, which prints
 * `<name> 1.2.3 (<platform>)`; `env` sets HELLO_EXIT, HELLO_SAY or HELLO_SILENT.
 */
export function helloDockerfile(name: string, env: Record<string, string> = {}): string {
  const vars = Object.entries({ HELLO_NAME: name, ...env }).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return [
    'FROM scratch',
    'ARG TARGETARCH',
    'ARG TARGETVARIANT',
    'COPY --chmod=0755 hello-${TARGETARCH}${TARGETVARIANT} /hello',
    `ENV ${vars.join(' ')}`,
    'ENTRYPOINT ["/hello"]',
    '',
  ].join('\n');
}

/**
 * Pushes a base image with crane: an index of linux/amd64 and linux/arm64, each
 * holding its own binary as /hello (the entrypoint), as a multi-arch base image does.
 */
export function pushHelloBase(env: E2eEnvironment, reference: string): void {
  const dir = fs.mkdtempSync(path.join(env.runDir, 'hello-base-'));
  const crane = (...args: string[]) => execFileSync(toolPath(env, 'crane'), args, {
    env: { ...process.env, DOCKER_CONFIG: dir }, input: args[1] === 'login' ? env.registry.password : undefined, stdio: 'pipe',
  });
  crane('auth', 'login', env.registry.host, '-u', env.registry.user, '--password-stdin');
  const images = ['amd64', 'arm64'].map(arch => {
    fs.mkdirSync(path.join(dir, arch));
    fs.writeFileSync(path.join(dir, arch, 'hello'), helloBinaries()[`hello-${arch}`], { mode: 0o755 });
    execFileSync('tar', ['-C', path.join(dir, arch), '-cf', path.join(dir, `${arch}.tar`), 'hello']);
    const image = `${reference}-${arch}`;
    crane('append', '--oci-empty-base', '-f', path.join(dir, `${arch}.tar`), '-t', image);
    crane('mutate', image, '--entrypoint', '/hello', '--set-platform', `linux/${arch}`, '-t', image);
    return image;
  });
  crane('index', 'append', ...images.flatMap(image => ['-m', image]), '-t', reference);
}
