import { JobMatrix } from 'projen/lib/github/workflows-model';
import { dynamicBuildArgLines, splitBuildArgs } from './build-args';
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
  /** Whether any leg has a build argument without an expression (those live in the matrix). */
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
  const staticArgs = image.legs.map(leg => splitBuildArgs(leg.buildArgs).static);
  const hasBuildArgs = staticArgs.some(args => Object.keys(args).length > 0);
  const runners = matrixRunsOn(image.legs.map(leg => leg.runner));
  const include = image.legs.map((leg, i) => ({
    platform: leg.platform.value,
    pair: leg.platform.pair,
    runner: runners.values[i],
    dockerfile: leg.dockerfile,
    ...(hasTarget ? { target: leg.target ?? '' } : {}),
    ...(hasBuildArgs ? { 'build-args': renderBuildArgs(staticArgs[i]) } : {}),
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

/**
 * The build inputs every leg shares, reading the leg's static values from
 * the matrix; build arguments holding expressions are written here, where
 * the step's contexts (`steps`, `env`, ...) exist.
 */
export function matrixBuildInputs(image: ResolvedImage, legs: LegMatrix): Record<string, string | undefined> {
  const buildArgs = [
    ...(legs.hasBuildArgs ? ['${{ matrix.build-args }}'] : []),
    ...dynamicBuildArgLines(image.legs),
  ];
  return {
    'context': image.context,
    'file': '${{ matrix.dockerfile }}',
    'platforms': '${{ matrix.platform }}',
    'target': legs.hasTarget ? '${{ matrix.target }}' : undefined,
    'build-args': buildArgs.length ? buildArgs.join('\n') : undefined,
  };
}
