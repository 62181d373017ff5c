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
   * Whether the workflow can be started by hand from the Actions tab. With
   * `projenRelease`, a manual run republishes one release, named by its Git
   * tag in a required `version` input (e.g. `v1.4.0`), without moving `latest`.
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
   * Whether publishing a GitHub release (`on: release: types: [published]`)
   * publishes its tag, as a push of that tag would. Use it when releases are
   * made by people or by a token that starts workflows (a personal access
   * token or a GitHub App). Releases made with a workflow's `GITHUB_TOKEN`,
   * as projen's release workflow makes them, start no workflow at all
   * (GitHub's rule against recursive runs): use `projenRelease` for those.
   * @default false
   */
  readonly release?: boolean;
  /**
   * The branches a pull request must target for `pullRequest` to build it, e.g. `main`.
   * @default - pull requests to any branch
   */
  readonly pullRequestBranches?: string[];
  /**
   * Only pushes and pull requests that change a file matching one of these
   * patterns run the workflow, e.g. `docker/**`. GitHub does not apply path
   * filters to Git tag pushes. Cannot be combined with `pathsIgnore`.
   * @default - every change
   */
  readonly paths?: string[];
  /**
   * Pushes and pull requests that change only files matching these patterns
   * do not run the workflow, e.g. `docs/**`. GitHub does not apply path
   * filters to Git tag pushes. Cannot be combined with `paths`.
   * @default - no change is ignored
   */
  readonly pathsIgnore?: string[];
  /**
   * Cron expressions (UTC, five fields) for scheduled runs, e.g. `0 3 * * *`.
   * @default - no schedule
   */
  readonly schedule?: string[];
}
