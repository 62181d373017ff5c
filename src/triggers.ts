/**
 * The events that run the publishing workflow. Rendered to the workflow's `on:`.
 */
export interface TriggerOptions {
  /**
   * Git tag patterns whose pushes publish, e.g. `v*`.
   * @default - no tag pushes
   */
  readonly tags?: string[];
  /**
   * Branches whose pushes publish, e.g. `main`.
   * @default - no branch pushes
   */
  readonly branches?: string[];
  /**
   * Whether the workflow can be started by hand from the Actions tab.
   * @default false
   */
  readonly workflowDispatch?: boolean;
  /**
   * Whether pull requests build every platform (natively, as a publish
   * would) without logging in or pushing anything. Safe for forks: those jobs
   * only read the repository.
   * @default false
   */
  readonly pullRequest?: boolean;
  /**
   * Cron expressions (UTC, five fields) for scheduled runs, e.g. `0 3 * * *`.
   * @default - no schedule
   */
  readonly schedule?: string[];
}
