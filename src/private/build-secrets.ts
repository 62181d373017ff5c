import { Problems, show } from './problems';

/** BuildKit secret ids: what `RUN --mount=type=secret,id=<id>` names. */
const SECRET_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** GitHub secret names: letters, digits and `_`, not starting with a digit. */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks `buildSecrets` (BuildKit secret id -> GitHub secret name). GitHub
 * reserves the `GITHUB_` prefix for its own secrets; of those only the job
 * token exists.
 */
export function checkBuildSecrets(problems: Problems, option: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(`${option} ${show(value)} must be an object of BuildKit secret id: GitHub secret name, e.g. { npm: 'NPM_TOKEN' }`);
    return {};
  }
  const result: Record<string, string> = {};
  for (const [id, name] of Object.entries(value)) {
    if (!SECRET_ID.test(id)) {
      problems.add(`${option} key ${show(id)} is not a BuildKit secret id; use letters, digits, ".", "_" and "-"`);
    } else if (typeof name !== 'string' || !SECRET_NAME.test(name)) {
      problems.add(`${option}.${id} ${show(name)} is not a GitHub secret name; give the name only (e.g. "NPM_TOKEN"), not an expression: letters, digits and "_", not starting with a digit`);
    } else if (/^GITHUB_/i.test(name) && name !== 'GITHUB_TOKEN') {
      problems.add(`${option}.${id} ${show(name)} cannot be a GitHub secret: names starting with GITHUB_ are reserved (only GITHUB_TOKEN exists)`);
    } else {
      result[id] = name;
    }
  }
  return result;
}

/**
 * build-push-action's `secrets` input: one `id=value` line per secret,
 * evaluated by GitHub into the step's inputs, so the value never passes
 * through a shell script or a build argument.
 */
export function buildSecretsInput(secrets: Record<string, string>): string | undefined {
  const lines = Object.entries(secrets).map(([id, name]) => `${id}=\${{ secrets.${name} }}`);
  return lines.length ? lines.join('\n') : undefined;
}
