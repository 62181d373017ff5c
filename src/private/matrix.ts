import { JobMatrix } from 'projen/lib/github/workflows-model';
import { ResolvedImage } from './model';
import { matrixRunsOn } from './runs-on';
import { renderBuildArgs } from './steps';

/** The per-platform matrix of an image, shared by its build and check jobs. */
export interface LegMatrix {
  readonly matrix: JobMatrix;
  /** The `runs-on` expression that picks each leg's runner. */
  readonly runsOn: string;
  /** Columns that every leg leaves empty are left out of the matrix and the build. */
  readonly hasTarget: boolean;
  readonly hasBuildArgs: boolean;
  readonly hasEmulatedLegs: boolean;
}

/**
 * One matrix entry per platform carrying every static value of the leg, so
 * no step has to compute a platform pair, runner or Dockerfile at run time.
 */
export function legMatrix(image: ResolvedImage): LegMatrix {
  const hasEmulatedLegs = image.legs.some(leg => leg.emulated);
  const hasTarget = image.legs.some(leg => leg.target !== undefined);
  const hasBuildArgs = image.legs.some(leg => Object.keys(leg.buildArgs).length > 0);
  const runners = matrixRunsOn(image.legs.map(leg => leg.runner));
  const include = image.legs.map((leg, i) => ({
    platform: leg.platform.value,
    pair: leg.platform.pair,
    runner: runners.values[i],
    dockerfile: leg.dockerfile,
    ...(hasTarget ? { target: leg.target ?? '' } : {}),
    ...(hasBuildArgs ? { 'build-args': renderBuildArgs(leg.buildArgs) } : {}),
    ...(hasEmulatedLegs ? { emulated: leg.emulated } : {}),
  }));
  return {
    // projen types matrix values as scalars; runner label lists are arrays.
    matrix: { include: include as JobMatrix['include'] },
    runsOn: runners.runsOn,
    hasTarget,
    hasBuildArgs,
    hasEmulatedLegs,
  };
}

/** The build inputs every leg shares, reading the leg's values from the matrix. */
export function matrixBuildInputs(image: ResolvedImage, legs: LegMatrix): Record<string, string | undefined> {
  return {
    'context': image.context,
    'file': '${{ matrix.dockerfile }}',
    'platforms': '${{ matrix.platform }}',
    'target': legs.hasTarget ? '${{ matrix.target }}' : undefined,
    'build-args': legs.hasBuildArgs ? '${{ matrix.build-args }}' : undefined,
  };
}
