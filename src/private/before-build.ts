import { JobStep } from 'projen/lib/github/workflows-model';
import { CheckoutOptions } from '../checkout';
import { freeDiskSpaceSteps } from './free-disk-space';
import { ResolvedImage } from './model';
import { Problems, show } from './problems';
import { CHECKOUT_KEYS } from './publisher-option-keys';

/**
 * Step ids the generated build jobs use themselves; a pre-build step may not
 * take them, or `steps.<id>` would be ambiguous (GitHub rejects duplicates).
 */
const RESERVED_STEP_IDS = ['meta', 'image', 'build'];

const STEP_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Checks `preBuildSteps`: projen `JobStep`s, each running a command (`run`)
 * or an action (`uses`), with distinct ids that do not clash with ours.
 */
export function checkPreBuildSteps(problems: Problems, option: string, value: unknown): JobStep[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(`${option} ${show(value)} must be a list of projen JobStep, e.g. [{ name: 'Write version', run: 'make version' }]`);
    return [];
  }
  const ids = new Set<string>();
  value.forEach((step, i) => {
    const at = `${option}[${i}]`;
    if (typeof step !== 'object' || step === null || Array.isArray(step)) {
      problems.add(`${at} ${show(step)} is not a step; give an object with run or uses, e.g. { name: 'Write version', run: 'make version' }`);
      return;
    }
    const hasRun = typeof step.run === 'string' && step.run.trim() !== '';
    const hasUses = typeof step.uses === 'string' && step.uses.trim() !== '';
    if (hasRun === hasUses) {
      problems.add(`${at} ${show(step)} is not a step: it needs exactly one of run (a command) or uses (an action)`);
    }
    if (step.id !== undefined) {
      if (typeof step.id !== 'string' || !STEP_ID.test(step.id)) {
        problems.add(`${at}.id ${show(step.id)} is not a step id; use letters, digits, "_" and "-", starting with a letter or "_"`);
      } else if (RESERVED_STEP_IDS.includes(step.id)) {
        problems.add(`${at}.id ${show(step.id)} is used by the generated steps (${RESERVED_STEP_IDS.join(', ')}); choose another id`);
      } else if (ids.has(step.id)) {
        problems.add(`${at}.id ${show(step.id)} is used by an earlier pre-build step`);
      }
      ids.add(step.id);
    }
  });
  return value as JobStep[];
}

/** Checks `checkout`; `undefined` stays undefined. */
export function checkCheckout(problems: Problems, option: string, value: unknown): CheckoutOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(`${option} ${show(value)} must be an object such as { fetchDepth: 0, submodules: true, lfs: false }`);
    return undefined;
  }
  problems.addUnknownKeys(option, value, CHECKOUT_KEYS);
  const checkout = value as CheckoutOptions;
  if (checkout.fetchDepth !== undefined && (!Number.isInteger(checkout.fetchDepth) || checkout.fetchDepth < 0)) {
    problems.add(`${option}.fetchDepth ${show(checkout.fetchDepth)} must be a whole number of commits, 0 for all history`);
  }
  for (const key of ['submodules', 'lfs'] as const) {
    if (checkout[key] !== undefined && typeof checkout[key] !== 'boolean') {
      problems.add(`${option}.${key} ${show(checkout[key])} must be true or false`);
    }
  }
  return checkout;
}

/** The image's checkout settings as actions/checkout inputs (only those given). */
export function checkoutInputs(checkout: CheckoutOptions | undefined): Record<string, unknown> {
  return {
    'fetch-depth': checkout?.fetchDepth,
    'submodules': checkout?.submodules,
    'lfs': checkout?.lfs,
  };
}

/**
 * The steps every build of the image runs after the metadata step and
 * before QEMU, buildx and the build: freeing disk space, then the user's
 * pre-build steps, which may read `steps.meta.outputs` and whose outputs
 * build arguments may read.
 */
export function beforeBuildSteps(image: ResolvedImage): JobStep[] {
  return [...freeDiskSpaceSteps(image), ...image.preBuildSteps];
}
