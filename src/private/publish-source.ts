import { JobStep } from 'projen/lib/github/workflows-model';
import { FlavorOptions } from '../tags';
import { ResolvedImage } from './model';

/**
 * Where a publishing pipeline's jobs get what they publish: the commit they
 * build, the version their tags come from, what they wait for and when they
 * run. The job builders read it at named points of each job and never learn
 * which workflow their jobs land in; the publisher picks the source.
 */
export interface PublishSource {
  /** Jobs the pipeline's first jobs wait for. */
  readonly needs: string[];
  /** When the pipeline's first jobs run (an expression body); undefined: on every event of the workflow. */
  readonly condition?: string;
  /** The commit or ref build jobs check out; undefined: the event's. */
  readonly checkoutRef?: string;
  /** Steps every job runs first: they make the version available to the later steps. */
  readonly versionSteps: JobStep[];
  /** metadata-action's tag rules for an image, one per line. */
  tagRules(image: ResolvedImage): string[];
  /** metadata-action's flavor for an image. */
  flavor(image: ResolvedImage): FlavorOptions | undefined;
}
