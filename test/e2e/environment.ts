import * as path from 'path';

/** What scripts/e2e.sh started for this run (all on 127.0.0.1), read from its environment. */
export interface E2eEnvironment {
  /** The run's own temporary directory. */
  readonly runDir: string;
  /** `.tools/e2e`: act, crane, buildkitd and the buildx plugin. */
  readonly tools: string;
  /** The first registry, `127.0.0.1:<port>`, and its user. */
  readonly registry: RegistryAccount;
  /** A second registry with another user, for several-registry scenarios. */
  readonly secondRegistry: RegistryAccount;
  /** Docker Hub (`docker.io`) and its user; served by the first registry's server. */
  readonly dockerHub: RegistryAccount;
  /** An ECR host and its user `AWS`; served by the first registry's server. */
  readonly ecr: RegistryAccount;
  /** `unix://<runDir>/buildkitd.sock` */
  readonly buildkitHost: string;
}

export interface RegistryAccount {
  readonly host: string;
  readonly user: string;
  readonly password: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the scenarios with bash scripts/e2e.sh`);
  return value;
}

export function e2eEnvironment(): E2eEnvironment {
  return {
    runDir: required('E2E_RUN_DIR'),
    tools: required('E2E_TOOLS'),
    registry: { host: required('E2E_REGISTRY'), user: required('E2E_REGISTRY_USER'), password: required('E2E_REGISTRY_PASSWORD') },
    secondRegistry: {
      host: required('E2E_SECOND_REGISTRY'),
      user: required('E2E_SECOND_REGISTRY_USER'),
      password: required('E2E_SECOND_REGISTRY_PASSWORD'),
    },
    dockerHub: { host: 'docker.io', user: required('E2E_DOCKERHUB_USER'), password: required('E2E_DOCKERHUB_PASSWORD') },
    ecr: { host: required('E2E_ECR_HOST'), user: 'AWS', password: required('E2E_ECR_PASSWORD') },
    buildkitHost: required('E2E_BUILDKIT_HOST'),
  };
}

export function toolPath(env: E2eEnvironment, name: string): string {
  return path.join(env.tools, 'bin', name);
}
