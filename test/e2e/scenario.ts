import { Project } from 'projen';
import { ActResult, WorkflowEvent } from './act';
import { E2eEnvironment } from './environment';
import { RegistryReader } from './registry-reader';
import { MultiArchImagePublisher, MultiArchImagePublisherOptions } from '../../src';

/** What a published image must look like in the registry after the run. */
export interface PublishedImage {
  /** `host/path/name`, without a tag. */
  readonly repository: string;
  readonly tags: string[];
  readonly platforms: string[];
  /** Tags holding registry build caches (`buildcache-*`): present, but not indexes of `platforms`. */
  readonly cacheTags?: string[];
}

/** One generated workflow run under act, and what it must end with. */
export interface Scenario {
  readonly name: string;
  /** github.repository_owner (mixed case on purpose); its lowercase form is the GHCR namespace. */
  readonly owner: string;
  readonly options: (env: E2eEnvironment) => MultiArchImagePublisherOptions;
  /** The project the publisher joins (default: the bare project of test/util.ts `newProject`). */
  readonly project?: () => Project;
  /** The workflow act runs (default: the publisher's own). */
  readonly workflowFile?: string;
  readonly event: WorkflowEvent;
  /** Files of the repository besides the workflow (Dockerfiles and what they copy). */
  readonly files: Record<string, string | Uint8Array>;
  /** A fault planted by test/e2e/faults/docker (its E2E_FAULT value). */
  readonly fault?: string;
  /** What a user changes beyond the options (escape hatches, jobs of their own), before synth. */
  readonly customize?: (publisher: MultiArchImagePublisher, project: Project, env: E2eEnvironment) => void;
  /**
   * Git in the scenario's repository after its commit reached `origin` (a bare
   * repository beside it): tags that exist already, a branch that moved on.
   */
  readonly git?: (git: (...args: string[]) => string) => void;
  /** Secrets besides the run's GITHUB_TOKEN and the second registry's user (act `-s`). */
  readonly secrets?: Record<string, string>;
  /** Repository variables (`vars.*`, act `--var`). */
  readonly variables?: Record<string, string>;
  readonly expect: {
    readonly success: boolean;
    /** Each must appear in some `::error::` message of the run. */
    readonly errors?: RegExp[];
    /**
     * Exactly these repositories hold tags afterwards, in every registry the scenario uses
     * (`sha`: the commit the run is for, github.sha).
     */
    readonly published: (env: E2eEnvironment, sha: string) => PublishedImage[];
    /** Further checks of the outcome; each returned string is a problem. */
    readonly verify?: (outcome: ScenarioOutcome) => string[];
  };
}

/** What a scenario's `verify` can look at after its run. */
export interface ScenarioOutcome {
  readonly env: E2eEnvironment;
  readonly reader: RegistryReader;
  readonly result: ActResult;
}

/**
 * A Dockerfile that needs no emulation on any platform: FROM scratch + COPY
 * of a file per architecture (so each platform's layer is its own, as in real images).
 */
export const SCRATCH_DOCKERFILE = 'FROM scratch\nARG TARGETARCH\nCOPY hello-${TARGETARCH}.txt /hello.txt\n';

/** The files SCRATCH_DOCKERFILE copies. */
export const SCRATCH_FILES: Record<string, string> = { 'hello-amd64.txt': 'hello from amd64\n', 'hello-arm64.txt': 'hello from arm64\n' };
