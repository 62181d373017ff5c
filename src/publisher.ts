import { Component, JsonPatch, Project } from 'projen';
import { GitHub, GithubWorkflow } from 'projen/lib/github';
import { BuildStrategy } from './build-strategy';
import { ImageOptions } from './image';
import { emulatedJob } from './private/emulated-job';
import { PublisherSettings, ResolvedImage } from './private/model';
import { nativeJobs } from './private/native-jobs';
import { renderTriggers } from './private/render-triggers';
import { annotateActionVersions } from './private/version-comments';
import { checkTagRules, defaultRunnerFor, Problems, resolveImage, show } from './private/validate';
import { Registry } from './registry';
import { Runner } from './runner';
import { DEFAULT_TAG_RULES, TagRule } from './tags';
import { DEFAULT_TRIGGERS, TriggerOptions } from './triggers';

const WORKFLOW_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Options of {@link MultiArchImagePublisher}.
 */
export interface MultiArchImagePublisherOptions {
  /**
   * The workflow's name; the file is `.github/workflows/<name>.yml`.
   * @default "publish-images"
   */
  readonly workflowName?: string;
  /**
   * The events that run the workflow.
   * @default { tags: ['v*'] }
   */
  readonly triggers?: TriggerOptions;
  /**
   * The registries every image is pushed to.
   * @default [Registry.ghcr()]
   */
  readonly registries?: Registry[];
  /**
   * Tag rules for every image that does not set its own.
   * @default - metadata-action's defaults: schedule, branch, Git tag and pull request refs
   */
  readonly tags?: TagRule[];
  /**
   * The images to publish; more can be added with `addImage()`.
   * @default - none yet (at least one is needed by synth time)
   */
  readonly images?: ImageOptions[];
  /**
   * The runner of merge jobs and of emulated builds.
   * @default Runner.UBUNTU_24_04
   */
  readonly defaultRunner?: Runner;
  /**
   * How long digest artifacts are kept, in days (1 to 90). They are only
   * needed until the merge job of the same run.
   * @default 1
   */
  readonly artifactRetentionDays?: number;
}

/**
 * Generates a GitHub Actions workflow that publishes multi-platform Docker
 * images: each platform built on a native runner and pushed by digest, then
 * one multi-platform index per image created with `docker buildx imagetools
 * create` and verified.
 */
export class MultiArchImagePublisher extends Component {
  /** The generated workflow; an escape hatch for anything the options do not cover. */
  public readonly workflow: GithubWorkflow;

  private readonly settings: PublisherSettings;
  private readonly images: ResolvedImage[] = [];
  private readonly workflowName: string;

  constructor(project: Project, options: MultiArchImagePublisherOptions = {}) {
    super(project);
    const workflowName = options.workflowName ?? 'publish-images';
    this.workflowName = workflowName;

    const problems = new Problems();
    if (typeof workflowName !== 'string' || !WORKFLOW_NAME.test(workflowName)) {
      problems.add(`workflowName ${show(workflowName)} is not allowed; use letters, digits, ".", "_" and "-", e.g. "publish-images"`);
    }
    const triggers = renderTriggers(problems, options.triggers ?? DEFAULT_TRIGGERS);
    const registries = checkRegistries(problems, options.registries);
    const tags = checkTagRules(problems, 'tags', options.tags) ?? [...DEFAULT_TAG_RULES];
    const defaultRunner = options.defaultRunner ?? Runner.UBUNTU_24_04;
    if (!(defaultRunner instanceof Runner)) {
      problems.add(`defaultRunner ${show(defaultRunner)} is not a Runner; use e.g. Runner.UBUNTU_24_04`);
    }
    const retention = options.artifactRetentionDays ?? 1;
    if (!Number.isInteger(retention) || retention < 1 || retention > 90) {
      problems.add(`artifactRetentionDays ${show(retention)} must be a whole number of days from 1 to 90`);
    }
    if (options.images !== undefined && !Array.isArray(options.images)) {
      problems.add(`images ${show(options.images)} must be a list of ImageOptions`);
    }

    const github = GitHub.of(project);
    if (!github) {
      problems.add('the project has no GitHub component; create it with `github: true` (the default for projen GitHub projects)');
    } else if (!github.workflowsEnabled) {
      problems.add('the project has GitHub workflows disabled (`githubOptions.workflows: false`); enable them to generate the publishing workflow');
    } else if (github.tryFindWorkflow(workflowName)) {
      problems.add(`workflowName ${show(workflowName)} is already used by another workflow in this project (.github/workflows/${workflowName.toLowerCase()}.yml); give each publisher its own workflowName`);
    }
    problems.throwIfAny('MultiArchImagePublisher');

    this.settings = { registries, tags, defaultRunner, artifactRetentionDays: retention };
    this.workflow = github!.addWorkflow(workflowName);
    this.workflow.on(triggers);
    // Least privilege by default: every job declares exactly what it needs.
    // (An override cannot hold an empty object; a patch can. Moving `jobs`
    // puts `permissions` above it, where readers look for it.)
    this.workflow.file!.patch(JsonPatch.add('/permissions', {}), JsonPatch.move('/jobs', '/jobs'));
    annotateActionVersions(this.workflow.file!);

    (options.images ?? []).forEach(image => this.addImage(image));
  }

  /**
   * Adds an image to publish. Throws if its options are invalid or its name
   * is already taken.
   */
  public addImage(options: ImageOptions): void {
    const image = resolveImage(options, this.images.length, {
      tags: this.settings.tags,
      runnerFor: defaultRunnerFor,
    });
    const clash = this.images.find(other => other.name === image.name || other.jobSuffix === image.jobSuffix);
    if (clash) {
      throw new Error(clash.name === image.name
        ? `MultiArchImagePublisher: images[${this.images.length}].name "${image.name}" is already published by this workflow; each image name must be unique`
        : `MultiArchImagePublisher: images[${this.images.length}].name "${image.name}" and "${clash.name}" would share the job ids build-${image.jobSuffix}/merge-${image.jobSuffix}; rename one of them`);
    }
    this.images.push(image);
    this.workflow.addJobs(image.strategy === BuildStrategy.EMULATED
      ? emulatedJob(image, this.settings)
      : nativeJobs(image, this.settings));
  }

  /** Refuses to write a workflow with nothing to publish. */
  public preSynthesize(): void {
    if (this.images.length === 0) {
      throw new Error(`MultiArchImagePublisher: images is empty for workflow "${this.workflowName}"; pass images in the options or call addImage()`);
    }
  }

}

function checkRegistries(problems: Problems, value: Registry[] | undefined): Registry[] {
  if (value === undefined) return [Registry.ghcr()];
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(`registries ${show(value)} must be a non-empty list of Registry (e.g. [Registry.ghcr()])`);
    return [];
  }
  const seen = new Set<string>();
  value.forEach((registry, i) => {
    if (!(registry instanceof Registry)) {
      problems.add(`registries[${i}] ${show(registry)} is not a Registry; use a factory such as Registry.ghcr()`);
    } else if (seen.has(registry.toString())) {
      problems.add(`registries lists ${registry.toString()} twice`);
    } else {
      seen.add(registry.toString());
    }
  });
  return value;
}
