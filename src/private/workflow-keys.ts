import { YamlFile } from 'projen';

interface HasObject {
  obj: unknown;
}

/**
 * Puts workflow-level keys the library sets (`permissions`, `concurrency`)
 * into the object the workflow file renders, above `jobs`. projen merges a
 * user's overrides (`file.addOverride`, `addDeletionOverride`) into that
 * object afterwards, so an override always wins; a JSON patch would be
 * applied after the overrides and silently undo them. `keys` is called at
 * synthesis, when every option is known.
 */
export function addWorkflowKeys(file: YamlFile, keys: () => Record<string, unknown>): void {
  const holder = file as unknown as HasObject;
  const render = holder.obj as () => Record<string, unknown>;
  holder.obj = () => {
    const { jobs, on, ...head } = render();
    // projen renders keys it has no value for as undefined; drop them so the
    // library's keys follow `on:` in the order they are given.
    const defined = Object.entries(head).filter(([, value]) => value !== undefined);
    return { ...Object.fromEntries(defined), on: kebabFilterKeys(on), ...keys(), jobs };
  };
}

/**
 * projen snake-cases every key under `on:`, but GitHub spells the ignore
 * filters with a hyphen (`paths-ignore`, `branches-ignore`, `tags-ignore`);
 * `paths_ignore` would be an error.
 */
function kebabFilterKeys(on: unknown): unknown {
  if (typeof on !== 'object' || on === null) return on;
  return Object.fromEntries(Object.entries(on).map(([event, filters]) => [event,
    typeof filters === 'object' && filters !== null && !Array.isArray(filters)
      ? Object.fromEntries(Object.entries(filters).map(([key, value]) => [key.replace(/^(paths|branches|tags)_ignore$/, '$1-ignore'), value]))
      : filters]));
}
