/** One rule is one line of metadata-action's input. */
const LINE_BREAK = /[\n\r]/;

/**
 * metadata-action reads each line as CSV: an attribute holding a comma or a
 * quote (a regex quantifier `{1,3}`, an `enable` expression) is quoted.
 */
function attribute(key: string, value: string): string {
  const pair = `${key}=${value}`;
  return /[",]/.test(pair) ? `"${pair.replace(/"/g, '""')}"` : pair;
}

/** A tag rule as metadata-action reads it, e.g. `type=semver,pattern={{version}}`. */
export function renderTagRule(type: string, attributes: Readonly<Record<string, string | undefined>>): string {
  const parts = [`type=${type}`];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (typeof value !== 'string' || LINE_BREAK.test(value) || (key !== 'prefix' && key !== 'suffix' && value === '')) {
      throw new Error(`TagRule.${type}: ${key} ${JSON.stringify(value)} is not allowed; it must be a non-empty string without line breaks`);
    }
    parts.push(attribute(key, value));
  }
  return parts.join(',');
}
