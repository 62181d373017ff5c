/**
 * The data-flow harness: executes a generated GitHub Actions workflow on this
 * machine (no network, no Docker). See README.md in this folder.
 */
export { describeRun, Events, expandMatrix, failedSteps, Faults, runWorkflow } from './engine';
export { HarnessError } from './actions';
export { ExpressionError, evaluate, evaluateCondition, interpolate } from './expressions';
export { computeMetadata } from './metadata';
export { parseReference } from './registry';
export type { RegistryFault } from './registry';
export type { ContainerRunFault, LocalImage } from './machine';
export type * from './types';
