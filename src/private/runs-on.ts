import { Runner } from '../runner';

/** `runsOn`/`runsOnGroup` of a projen job running on `runner`. */
export function renderRunsOn(runner: Runner): { runsOn?: string[]; runsOnGroup?: { group: string; labels?: string[] } } {
  if (runner.groupName !== undefined) {
    return { runsOnGroup: { group: runner.groupName, labels: runner.runnerLabels.length ? runner.runnerLabels : undefined } };
  }
  return { runsOn: runner.runnerLabels };
}

/** The runner as a matrix value that `runs-on: ${{ matrix.runner }}` accepts. */
export function runsOnMatrixValue(runner: Runner): unknown {
  if (runner.groupName !== undefined) {
    return runner.runnerLabels.length
      ? { group: runner.groupName, labels: runner.runnerLabels }
      : { group: runner.groupName };
  }
  return runner.runnerLabels.length === 1 ? runner.runnerLabels[0] : runner.runnerLabels;
}
