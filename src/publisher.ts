import { Component, Project } from 'projen';
import { GitHub, GithubWorkflow } from 'projen/lib/github';
import { Job, Triggers } from 'projen/lib/github/workflows-model';
import { Cache } from './cache';
import { DockerfileChecksOptions } from './dockerfile-checks';
import { ImageOptions } from './image';
import { HostArchitecture } from './platform';
import { registerPinOverrides } from './private/action-overrides';
import { checkCache } from './private/cache-inputs';
import { checkJob } from './private/check-jobs';
import { DEFAULT_TAG_RULES, DEFAULT_TRIGGERS } from './private/defaults';
import { dockerfileChecksProblems } from './private/dockerfile-checks';
import { eventSource } from './private/event-source';
import { findGitHub } from './private/find-github';
import { checkJobSettings } from './private/job-settings';
import { latestMovedByManualRuns, latestTwiceWarning } from './private/latest-warning';
import { PublisherSettings, ResolvedImage } from './private/model';
import { pipelineJobs } from './private/pipeline';
import { renderPlan } from './private/plan';
import { addPlanTask } from './private/plan-task';
import { checkInstance, Problems, show } from './private/problems';
import { findProjenRelease } from './private/projen-release';
import { checkProjenVersion, installedProjenVersion } from './private/projen-version';
import { publishJobIdOf } from './private/publish-outputs';
import { publishTogetherIn } from './private/publish-together';
import { PUBLISHER_KEYS } from './private/publisher-option-keys';
import { placeInProjenRelease } from './private/release-placement';
import { checkProjenReleaseTriggers, REPUBLISH_TRIGGER } from './private/release-triggers';
import { renderTriggers } from './private/render-triggers';
import { RunnerPlan } from './private/runner-plan';
import { checkMetadata } from './private/string-maps';
import { resolveImage } from './private/validate-image';
import { checkFlavor, checkPlatformRunners, checkSetupBuildx } from './private/validate-publisher';
import { checkRegistries } from './private/validate-registries';
import { NO_SUPPLY_CHAIN, resolveSupplyChain } from './private/validate-supply-chain';
import { checkTagRules } from './private/validate-tags';
import { sharedTag } from './private/variants';
import { addWorkflowComments, recordGranted } from './private/workflow-comments';
import { addWorkflowKeys } from './private/workflow-keys';
import { MultiArchImagePublisherOptions } from './publisher-options';
import { Registry } from './registry';
import { Runner } from './runner';

const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Generates a GitHub Actions workflow that publishes multi-platform Docker
 * images: each platform built on a native runner and pushed by digest, then
 * one multi-platform index per image created with `docker buildx imagetools
 * create` and verified.
 */
export class MultiArchImagePublisher extends Component {
  private readonly ownWorkflow?: GithubWorkflow;
  private readonly projenRelease: boolean;
  private readonly settings: PublisherSettings;
  private readonly images: ResolvedImage[] = [];
  private readonly workflowName: string;
  private readonly runners: RunnerPlan;
  private readonly armRunners: boolean;
  private readonly republish: boolean;
  private placed = false;
  private readonly manualRuns: boolean;
  private readonly dockerfileChecks?: DockerfileChecksOptions;
  /** What the library granted each of its jobs, for the permission comments. */
  private readonly granted = new Map<string, Set<string>>();

  constructor(project: Project, options: MultiArchImagePublisherOptions = {}) {
    super(project);
    checkProjenVersion(installedProjenVersion());
    const workflowName = options.workflowName ?? 'publish-images';
    this.workflowName = workflowName;

    const problems = new Problems();
    const projenRelease = options.projenRelease ?? false;
    if (typeof projenRelease !== 'boolean') {
      problems.add(`projenRelease ${show(projenRelease)} must be true or false`);
    }
    this.projenRelease = projenRelease === true;
    problems.addUnknownKeys('options', options, PUBLISHER_KEYS);
    if (typeof workflowName !== 'string' || !WORKFLOW_NAME.test(workflowName)) {
      problems.add(`workflowName ${show(workflowName)} is not allowed; use letters, digits, ".", "_" and "-", e.g. "publish-images"`);
    }
    const triggerOptions = options.triggers ?? (this.projenRelease ? {} : DEFAULT_TRIGGERS);
    if (this.projenRelease) checkProjenReleaseTriggers(problems, triggerOptions);
    // With projenRelease, a workflow of its own only checks pull requests and republishes by hand.
    const ownWorkflow = !this.projenRelease || triggerOptions.pullRequest === true || triggerOptions.workflowDispatch === true;
    const triggers = ownWorkflow ? renderTriggers(problems, triggerOptions) : {};
    this.republish = this.projenRelease && triggerOptions.workflowDispatch === true;
    const registries = checkRegistries(problems, 'registries', options.registries) ?? [Registry.ghcr()];
    const flavor = checkFlavor(problems, options.flavor);
    const labels = checkMetadata(problems, 'labels', options.labels);
    const annotations = checkMetadata(problems, 'annotations', options.annotations);
    const tags = checkTagRules(problems, 'tags', options.tags) ?? [...DEFAULT_TAG_RULES];
    const defaultRunner = options.defaultRunner ?? Runner.UBUNTU_24_04;
    checkInstance(problems, 'defaultRunner', defaultRunner, Runner, 'use e.g. Runner.UBUNTU_24_04');
    const runners = checkPlatformRunners(problems, options.platformRunners);
    const cache = checkCache(problems, 'cache', options.cache) ?? Cache.gha();
    const setupBuildx = checkSetupBuildx(problems, options.setupBuildx);
    const armRunners = options.armRunners ?? true;
    if (typeof armRunners !== 'boolean') {
      problems.add(`armRunners ${show(armRunners)} must be true or false`);
    }
    const publishTogether = options.publishTogether ?? false;
    if (typeof publishTogether !== 'boolean') {
      problems.add(`publishTogether ${show(publishTogether)} must be true or false`);
    }
    const supplyChain = resolveSupplyChain(problems, '', options, NO_SUPPLY_CHAIN);
    const retention = options.artifactRetentionDays ?? 1;
    if (!Number.isInteger(retention) || retention < 1 || retention > 90) {
      problems.add(`artifactRetentionDays ${show(retention)} must be a whole number of days from 1 to 90`);
    }
    dockerfileChecksProblems('dockerfileChecks', options.dockerfileChecks).forEach(problem => problems.add(problem));
    if (options.images !== undefined && !Array.isArray(options.images)) {
      problems.add(`images ${show(options.images)} must be a list of ImageOptions`);
    }

    const github = findGitHub(problems, project, ownWorkflow ? workflowName : undefined);
    const pullRequests = triggers.pullRequest !== undefined;
    const jobSettings = checkJobSettings(problems, options, pullRequests);
    problems.throwIfAny('MultiArchImagePublisher');

    this.settings = {
      workflowName,
      cache,
      setupBuildx,
      registries,
      tags,
      flavor,
      labels,
      annotations,
      pullRequests,
      defaultRunner,
      artifactRetentionDays: retention,
      ...jobSettings,
      publishTogether,
      supplyChain,
    };
    this.dockerfileChecks = options.dockerfileChecks;
    this.runners = new RunnerPlan(runners, armRunners);
    this.armRunners = armRunners;
    // A republish run rebuilds a released version, not whatever branch it is started from.
    this.manualRuns = triggers.workflowDispatch !== undefined && !this.republish;
    if (ownWorkflow) {
      this.ownWorkflow = this.addOwnWorkflow(github!, workflowName, {
        ...triggers,
        ...(this.republish ? { workflowDispatch: REPUBLISH_TRIGGER } : {}),
      });
    }
    addPlanTask(project, workflowName, () => {
      // With projenRelease the pipeline is in projen's release workflow (the first, of the main branch).
      const workflow = this.projenRelease ? this.releaseWorkflows[0] : this.workflow;
      return renderPlan({
        file: workflow.file!.path,
        workflowName: workflow.name,
        images: this.images,
        defaultRunner: this.settings.defaultRunner,
        jobs: workflow.jobs,
      });
    });

    (options.images ?? []).forEach(image => this.addImage(image));
  }

  /**
   * The workflow of its own this publisher writes
   * (`.github/workflows/<workflowName>.yml`); an escape hatch for anything
   * the options do not cover. With `projenRelease`, it exists only when
   * `triggers` asks for pull-request checks or manual republishing: there
   * is none otherwise, and reading it throws (use `releaseWorkflows`).
   */
  public get workflow(): GithubWorkflow {
    if (!this.ownWorkflow) {
      throw new Error(`MultiArchImagePublisher: with projenRelease and no pullRequest or workflowDispatch trigger there is no workflow "${this.workflowName}"; the jobs are in projen's release workflows (publisher.releaseWorkflows)`);
    }
    return this.ownWorkflow;
  }

  /**
   * Whether this publisher writes a workflow of its own (see `workflow`).
   */
  public get hasWorkflow(): boolean {
    return this.ownWorkflow !== undefined;
  }

  /**
   * projen's release workflows (one per release branch) that carry the
   * publishing jobs when `projenRelease` is true; empty otherwise. An escape
   * hatch for the jobs there, e.g.
   * `releaseWorkflows[0].file?.addOverride('jobs.build-app.timeout-minutes', 90)`.
   * Read it after every release branch is added.
   */
  public get releaseWorkflows(): GithubWorkflow[] {
    return this.projenRelease ? findProjenRelease(this.project).branches.map(branch => branch.workflow) : [];
  }

  /**
   * Adds an image to publish. Throws if its options are invalid or its name
   * is already taken.
   */
  public addImage(options: ImageOptions): void {
    const image = resolveImage(options, this.images.length, {
      registries: this.settings.registries,
      labels: this.settings.labels,
      annotations: this.settings.annotations,
      flavor: this.settings.flavor,
      tags: this.settings.tags,
      runners: this.runners,
      cache: this.settings.cache,
      dockerfileChecks: this.dockerfileChecks,
      timeoutMinutes: this.settings.timeoutMinutes,
      failFast: this.settings.failFast,
      environment: this.settings.environment,
      supplyChain: this.settings.supplyChain,
    });
    if (this.images.some(other => other.name === image.name)) {
      throw new Error(`MultiArchImagePublisher: images[${this.images.length}].name "${image.name}" is already published by this workflow; each image name must be unique`);
    }
    this.images.forEach((other, i) => {
      const tag = sharedTag(image, other);
      if (tag) {
        throw new Error(`MultiArchImagePublisher: images[${this.images.length}] "${image.name}" and images[${i}] "${other.name}" would both publish ${tag}, each replacing the other's; give one a different repository, or a flavor prefix or suffix with onLatest: true (or latest: LatestTag.NEVER)`);
      }
    });
    this.images.push(image);
    // With projenRelease, the publishing jobs are placed at synthesis, when every release branch is known.
    if (!this.projenRelease) {
      this.addJobs(pipelineJobs(image, this.settings, eventSource(this.settings.pullRequests)));
    }
    if (this.settings.pullRequests) {
      this.addJobs(checkJob(image, this.settings));
    }
  }

  /**
   * The id of the job that publishes `imageName` (the merge job of a native
   * build, the single job of an emulated one), for a job of your own to
   * `needs:`. Its outputs: `digest` (the index digest, the same under every
   * tag), `tags` (one per line) and `version`. Throws if no image has that name.
   */
  public publishJobId(imageName: string): string {
    const image = this.images.find(candidate => candidate.name === imageName);
    if (!image) {
      const names = this.images.map(candidate => `"${candidate.name}"`).join(', ') || 'none yet';
      throw new Error(`MultiArchImagePublisher.publishJobId: imageName ${show(imageName)} is not published by workflow "${this.workflowName}"; its images are ${names}`);
    }
    return publishJobIdOf(image);
  }

  /**
   * Refuses to write a workflow with nothing to publish, places the jobs in
   * projen's release workflows (`projenRelease`), and says when arm legs
   * fall back to QEMU, a manual run would move `latest` or a raw `latest`
   * rule repeats the flavor's, and applies the project's action overrides
   * (`project.github.actions.set(...)`) to our pins.
   */
  public preSynthesize(): void {
    if (this.images.length === 0) {
      throw new Error(`MultiArchImagePublisher: images is empty for workflow "${this.workflowName}"; pass images in the options or call addImage()`);
    }
    if (this.projenRelease && !this.placed) {
      this.placed = true;
      placeInProjenRelease(this.project, this.images, this.settings, this.republish ? this.ownWorkflow : undefined, this.granted);
    }
    if (this.settings.publishTogether) {
      // Known only now that every image is added: each merge waits for every image's checks.
      if (this.ownWorkflow && (!this.projenRelease || this.republish)) publishTogetherIn(this.ownWorkflow, this.images);
      if (this.projenRelease) this.releaseWorkflows.forEach(workflow => publishTogetherIn(workflow, this.images));
    }
    const latestTwice = latestTwiceWarning(this.images);
    if (latestTwice) {
      this.project.logger.warn(latestTwice);
    }
    if (!this.armRunners) {
      const fallbacks = this.images.flatMap(image => image.legs
        .filter(leg => leg.platform.host === HostArchitecture.ARM64 && leg.runner.architecture === HostArchitecture.X64)
        .map(leg => `${image.name} ${leg.platform.value}`));
      if (fallbacks.length) {
        this.project.logger.warn(`MultiArchImagePublisher: armRunners is false, so ${fallbacks.join(', ')} build on x64 runners under QEMU (much slower than an arm64 runner)`);
      }
    }
    const latestWarning = latestMovedByManualRuns(this.images, this.manualRuns);
    if (latestWarning) this.project.logger.warn(latestWarning);
    registerPinOverrides(GitHub.of(this.project)!.actions);
  }

  private addOwnWorkflow(github: GitHub, name: string, triggers: Triggers): GithubWorkflow {
    const workflow = github.addWorkflow(name);
    workflow.on(triggers);
    addWorkflowKeys(workflow.file!, () => ({
      // Least privilege by default: every job declares exactly what it needs.
      permissions: {},
      concurrency: this.settings.concurrency,
    }));
    addWorkflowComments(workflow.file!, () => this.granted);
    return workflow;
  }

  private addJobs(jobs: Record<string, Job>): void {
    this.ownWorkflow!.addJobs(jobs);
    recordGranted(this.granted, jobs);
  }
}
