import { Runner } from '../runner';

/** `runsOn`/`runsOnGroup` of a projen job running on `runner`. */
export function renderRunsOn(runner: Runner): { runsOn?: string[]; runsOnGroup?: { group: string; labels?: string[] } } {
  if (runner.groupName !== undefined) {
    return { runsOnGroup: { group: runner.groupName, labels: runner.runnerLabels.length ? runner.runnerLabels : undefined } };
  }
  return { runsOn: runner.runnerLabels };
}

/**
 * How a matrix job picks each leg's runner. Label sets go straight into the
 * matrix; a runner group is an object, which `runs-on` only takes from an
 * expression as JSON, so an image with any group leg carries JSON strings.
 */
export function matrixRunsOn(runners: Runner[]): { runsOn: string; values: unknown[] } {
  if (runners.some(runner => runner.groupName !== undefined)) {
    return {
      runsOn: '${{ fromJSON(matrix.runner) }}',
      values: runners.map(runner => JSON.stringify(runner.groupName === undefined
        ? runner.runnerLabels
        : { group: runner.groupName, ...(runner.runnerLabels.length ? { labels: runner.runnerLabels } : {}) })),
    };
  }
  return {
    runsOn: '${{ matrix.runner }}',
    values: runners.map(runner => runner.runnerLabels.length === 1 ? runner.runnerLabels[0] : runner.runnerLabels),
  };
}
