import { GitHubActionsProvider } from 'projen/lib/github';
import { ActionPin, ACTIONS, uses } from '../actions';

/**
 * The keys a user may pass to `project.github.actions.set()` to override one
 * of our pins, most specific first: the ref we write (`owner/repo@<sha>`),
 * the release it is (`owner/repo@v7.3.0`), its major line (`owner/repo@v7`).
 * The bare `owner/repo` (projen's "every version") comes last.
 */
function versionedKeys(action: ActionPin): string[] {
  const major = action.version.split('.')[0];
  return [...new Set([uses(action), `${action.repository}@${action.version}`, `${action.repository}@${major}`])];
}

/**
 * What `uses:` one of our pins becomes under the project's action overrides.
 * A key counts as overridden when its lookup differs from both the key itself
 * and the bare name's lookup (projen's `get` falls back to the bare name).
 */
export function resolvePin(provider: GitHubActionsProvider, action: ActionPin): string {
  const bare = provider.get(action.repository);
  for (const key of versionedKeys(action)) {
    const resolved = provider.get(key);
    if (resolved !== key && resolved !== bare) {
      return resolved;
    }
  }
  return bare === action.repository ? uses(action) : bare;
}

/**
 * projen renders every step's `uses:` through the project's
 * GitHubActionsProvider, but its lookup knows only the exact ref (for us
 * `owner/repo@<sha>`, which nobody types) and the bare name. So that an
 * override by release or major line (`docker/build-push-action@v7`) also
 * reaches our pins, in whichever workflow our jobs were placed, the winning
 * override of each pin is registered under the exact ref projen looks up.
 * Run it after the projenrc has set its overrides (in preSynthesize); it is
 * idempotent, so several publishers may call it.
 */
export function registerPinOverrides(provider: GitHubActionsProvider): void {
  for (const action of Object.values(ACTIONS)) {
    const resolved = resolvePin(provider, action);
    if (resolved !== uses(action)) {
      provider.set(uses(action), resolved);
    }
  }
}
