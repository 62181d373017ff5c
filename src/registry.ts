import { optionKeys } from './private/option-keys';
import { check, conditionCheck, secretCheck, show, usernameChecks } from './private/registry-checks';

/**
 * Options for GitHub Container Registry.
 */
export interface GhcrOptions {
  /**
   * A fixed, lowercase namespace (user or organisation) to push under, e.g. `acme`.
   *
   * @default - the repository owner, lowercased when the workflow runs
   */
  readonly namespace?: string;
  /**
   * A GitHub expression, without `${{ }}`, that decides at run time whether
   * this registry is published to, e.g. `github.event_name != 'schedule'`.
   * Where it is false the run neither logs in to nor pushes to it. It may use
   * the `github`, `vars` and `inputs` contexts, which every job sees alike.
   * @default - always published to
   */
  readonly condition?: string;
}

/**
 * Options for Docker Hub.
 */
export interface DockerHubOptions {
  /** The Docker Hub user or organisation that owns the repositories, e.g. `acme`. */
  readonly namespace: string;
  /**
   * The repository secret that holds the Docker Hub user name.
   * @default "DOCKERHUB_USERNAME" (unless `usernameVariable` is set)
   */
  readonly usernameSecret?: string;
  /**
   * The repository variable that holds the user name (instead of `usernameSecret`).
   * @default - the user name comes from `usernameSecret`
   */
  readonly usernameVariable?: string;
  /**
   * The repository secret that holds a Docker Hub access token with write access.
   * @default "DOCKERHUB_TOKEN"
   */
  readonly tokenSecret?: string;
  /**
   * A GitHub expression, without `${{ }}`, that decides at run time whether
   * this registry is published to, e.g. `github.event_name != 'schedule'`.
   * Where it is false the run neither logs in to nor pushes to it. It may use
   * the `github`, `vars` and `inputs` contexts, which every job sees alike.
   * @default - always published to
   */
  readonly condition?: string;
}

/**
 * Options for Amazon ECR, reached with GitHub's OIDC token (no stored keys).
 */
export interface EcrOptions {
  /** The 12-digit AWS account that owns the repositories. */
  readonly accountId: string;
  /** The AWS region of the registry, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The ARN of the IAM role the workflow assumes through OIDC, e.g.
   * `arn:aws:iam::123456789012:role/github-publish`. Its trust policy must
   * allow this repository's OIDC subject.
   */
  readonly roleToAssume: string;
  /**
   * A GitHub expression, without `${{ }}`, that decides at run time whether
   * this registry is published to, e.g. `github.event_name != 'schedule'`.
   * Where it is false the run neither logs in to nor pushes to it. It may use
   * the `github`, `vars` and `inputs` contexts, which every job sees alike.
   * @default - always published to
   */
  readonly condition?: string;
}

/**
 * Options for any other registry that takes a user name and a password.
 */
export interface CustomRegistryOptions {
  /** The registry host, with a port if needed, e.g. `registry.example.com`. */
  readonly host: string;
  /**
   * The namespace images are pushed under, e.g. `team`.
   * @default - images sit at the registry's top level
   */
  readonly namespace?: string;
  /**
   * The repository secret that holds the user name.
   * @default "REGISTRY_USERNAME" (unless `usernameVariable` is set)
   */
  readonly usernameSecret?: string;
  /**
   * The repository variable that holds the user name (instead of `usernameSecret`).
   * @default - the user name comes from `usernameSecret`
   */
  readonly usernameVariable?: string;
  /**
   * The repository secret that holds the password or token.
   * @default "REGISTRY_PASSWORD"
   */
  readonly passwordSecret?: string;
  /**
   * A GitHub expression, without `${{ }}`, that decides at run time whether
   * this registry is published to, e.g. `github.event_name != 'schedule'`.
   * Where it is false the run neither logs in to nor pushes to it. It may use
   * the `github`, `vars` and `inputs` contexts, which every job sees alike.
   * @default - always published to
   */
  readonly condition?: string;
}

/**
 * The kinds of registry this library knows how to log in to.
 */
export enum RegistryKind {
  /** GitHub Container Registry, authenticated with the workflow's `GITHUB_TOKEN`. */
  GHCR = 'ghcr',
  /** Docker Hub, authenticated with a user name and an access token. */
  DOCKER_HUB = 'docker-hub',
  /** Amazon ECR, authenticated through OIDC and an assumed IAM role. */
  ECR = 'ecr',
  /** Any registry that takes a user name and a password. */
  CUSTOM = 'custom',
}

/** Path components as the distribution grammar has them: separators `.`, `_`, `__` or one or more `-`. */
const PATH = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?$/;
const ACCOUNT = /^[0-9]{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-[0-9]$/;
const ROLE = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@\/-]+$/;

const GHCR_KEYS = optionKeys<GhcrOptions>('GhcrOptions', { namespace: true, condition: true });
const DOCKER_HUB_KEYS = optionKeys<DockerHubOptions>('DockerHubOptions', {
  namespace: true, usernameSecret: true, usernameVariable: true, tokenSecret: true, condition: true,
});
const ECR_KEYS = optionKeys<EcrOptions>('EcrOptions', { accountId: true, region: true, roleToAssume: true, condition: true });
const CUSTOM_KEYS = optionKeys<CustomRegistryOptions>('CustomRegistryOptions', {
  host: true, namespace: true, usernameSecret: true, usernameVariable: true, passwordSecret: true, condition: true,
});

/**
 * A container registry that images are pushed to.
 */
export class Registry {
  /**
   * GitHub Container Registry: `ghcr.io/<owner>/<image>`, authenticated with
   * the workflow's own `GITHUB_TOKEN` (`packages: write`).
   *
   * Owners may contain capital letters, which registries reject; without a
   * `namespace` the workflow lowercases the owner before it pushes.
   */
  public static ghcr(options: GhcrOptions = {}): Registry {
    check('ghcr', options, GHCR_KEYS, [
      conditionCheck(options.condition),
      [options.namespace === undefined || PATH.test(options.namespace),
        `namespace ${show(options.namespace)} is not valid; use lowercase letters and digits separated by ".", "_", "__", one or more "-", or "/", e.g. "acme"`],
    ]);
    return new Registry({ kind: RegistryKind.GHCR, host: 'ghcr.io', namespace: options.namespace, condition: options.condition });
  }

  /**
   * Docker Hub: `docker.io/<namespace>/<image>`, authenticated with a user
   * name and an access token kept in repository secrets.
   */
  public static dockerHub(options: DockerHubOptions): Registry {
    const username = usernameChecks(options, 'DOCKERHUB_USERNAME');
    const tokenSecret = options?.tokenSecret ?? 'DOCKERHUB_TOKEN';
    check('dockerHub', options, DOCKER_HUB_KEYS, [
      [typeof options?.namespace === 'string' && PATH.test(options.namespace) && !options.namespace.includes('/'),
        `namespace ${show(options?.namespace)} is not a Docker Hub user or organisation; use lowercase letters and digits, e.g. "acme"`],
      ...username.checks,
      secretCheck('tokenSecret', tokenSecret),
      conditionCheck(options?.condition),
    ]);
    return new Registry({
      kind: RegistryKind.DOCKER_HUB,
      host: 'docker.io',
      namespace: options.namespace,
      passwordSecret: tokenSecret,
      usernameSecret: username.usernameSecret,
      usernameVariable: username.usernameVariable,
      condition: options.condition,
    });
  }

  /**
   * Amazon ECR: `<account>.dkr.ecr.<region>.amazonaws.com/<image>`. The jobs
   * that push assume `roleToAssume` with GitHub's OIDC token (`id-token:
   * write` on those jobs only); no AWS keys are stored. Each image's ECR
   * repository must exist.
   */
  public static ecr(options: EcrOptions): Registry {
    check('ecr', options, ECR_KEYS, [
      [typeof options?.accountId === 'string' && ACCOUNT.test(options.accountId), `accountId ${show(options?.accountId)} must be a 12-digit AWS account id`],
      [typeof options?.region === 'string' && REGION.test(options.region), `region ${show(options?.region)} is not an AWS region, e.g. "eu-west-1"`],
      [typeof options?.roleToAssume === 'string' && ROLE.test(options.roleToAssume),
        `roleToAssume ${show(options?.roleToAssume)} is not an IAM role ARN, e.g. "arn:aws:iam::123456789012:role/github-publish"`],
      conditionCheck(options?.condition),
    ]);
    return new Registry({
      kind: RegistryKind.ECR,
      host: `${options.accountId}.dkr.ecr.${options.region}.amazonaws.com`,
      namespace: '',
      region: options.region,
      roleToAssume: options.roleToAssume,
      condition: options.condition,
    });
  }

  /**
   * Any registry that takes a user name and a password from repository secrets.
   */
  public static custom(options: CustomRegistryOptions): Registry {
    const username = usernameChecks(options, 'REGISTRY_USERNAME');
    const passwordSecret = options?.passwordSecret ?? 'REGISTRY_PASSWORD';
    check('custom', options, CUSTOM_KEYS, [
      [typeof options?.host === 'string' && HOST.test(options.host), `host ${show(options?.host)} is not a lowercase registry host, e.g. "registry.example.com" or "localhost:5000"`],
      [options?.namespace === undefined || PATH.test(options.namespace),
        `namespace ${show(options?.namespace)} is not valid; use lowercase letters and digits separated by ".", "_", "__", one or more "-", or "/"`],
      ...username.checks,
      secretCheck('passwordSecret', passwordSecret),
      conditionCheck(options?.condition),
    ]);
    return new Registry({
      kind: RegistryKind.CUSTOM,
      host: options.host,
      namespace: options.namespace ?? '',
      passwordSecret,
      usernameSecret: username.usernameSecret,
      usernameVariable: username.usernameVariable,
      condition: options.condition,
    });
  }

  /** Which registry this is. */
  public readonly kind: RegistryKind;
  /** The registry host, e.g. `ghcr.io`. */
  public readonly host: string;
  /**
   * The fixed namespace images are pushed under; empty for the registry's top level.
   * @default - decided when the workflow runs (GHCR's repository owner)
   */
  public readonly namespace?: string;
  /**
   * The secret holding the user name.
   * @default - none (GHCR and ECR need no stored credentials, or the user name is in `usernameVariable`)
   */
  public readonly usernameSecret?: string;
  /**
   * The repository variable holding the user name.
   * @default - none (the user name, if any, is in `usernameSecret`)
   */
  public readonly usernameVariable?: string;
  /**
   * The secret holding the password or token.
   * @default - none (GHCR and ECR need no stored credentials)
   */
  public readonly passwordSecret?: string;
  /**
   * The AWS region (ECR only).
   * @default - none
   */
  public readonly region?: string;
  /**
   * The IAM role assumed through OIDC (ECR only).
   * @default - none
   */
  public readonly roleToAssume?: string;
  /**
   * The expression that decides at run time whether this registry is published to.
   * @default - always published to
   */
  public readonly condition?: string;

  private constructor(props: {
    kind: RegistryKind;
    host: string;
    namespace?: string;
    usernameSecret?: string;
    usernameVariable?: string;
    passwordSecret?: string;
    region?: string;
    roleToAssume?: string;
    condition?: string;
  }) {
    this.kind = props.kind;
    this.host = props.host;
    this.namespace = props.namespace;
    this.usernameSecret = props.usernameSecret;
    this.passwordSecret = props.passwordSecret;
    this.region = props.region;
    this.roleToAssume = props.roleToAssume;
    this.usernameVariable = props.usernameVariable;
    this.condition = props.condition;
  }

  /** The repository path of an image in this registry; `<owner>` when decided at run time. */
  public imagePath(imageName: string): string {
    const namespace = this.namespace === undefined ? '<owner>' : this.namespace;
    return [this.host, namespace, imageName].filter(Boolean).join('/');
  }

  /** A short description for messages and summaries. */
  public toString(): string {
    return this.imagePath('').replace(/\/$/, '');
  }
}
