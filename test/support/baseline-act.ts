/**
 * Runs one workflow text under act, on the real components scripts/e2e.sh
 * started (buildx + BuildKit, TLS registries, act's artifact and cache
 * servers), and reads back what happened: the registry tags that moved, the
 * failed steps with their messages, and which artifacts each job uploaded and
 * downloaded (from the thin actions' own log lines).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ActResult, Events, runAct } from '../e2e/act';
import { buildActions } from '../e2e/build-actions';
import { E2eEnvironment } from '../e2e/environment';
import { RegistryReader } from '../e2e/registry-reader';
import { WORKFLOW_FILE } from '../e2e/repository';
import { SEED_FILES } from '../e2e/scenarios/seed';

export interface MovedImage {
  /** `host/owner/name` */
  readonly repository: string;
  readonly tags: string[];
  /** Platforms of the index the first moved tag names (attestations left out). */
  readonly platforms: string[];
}

export interface StepFailure {
  /** `job › step` */
  readonly step: string;
  /** Its first `::error::` message, or else the last line it printed. */
  readonly message: string;
}

export interface CaseOutcome {
  readonly owner: string;
  readonly result: ActResult;
  /** Repositories of the owner whose tags point elsewhere than before the run. */
  readonly moved: MovedImage[];
  readonly failures: StepFailure[];
  /** Artifact name -> the job that uploaded it. */
  readonly uploads: Map<string, string>;
  /** Job -> the artifacts its download step found. */
  readonly downloads: Map<string, string[]>;
  /** Job -> the jobs it needs, from the workflow text. */
  readonly needs: Map<string, string[]>;
}

/** act's `--local-repository` mappings: the catalog's and every other ref of the given texts to the same thin action. */
export function localActions(env: E2eEnvironment, texts: string[]): string[] {
  const catalog = buildActions(path.join(env.runDir, 'actions'));
  const refs = new Set(texts.flatMap(text => [...text.matchAll(/uses:\s*([\w.-]+\/[\w.-]+@[^\s#]+)/g)].map(m => m[1])));
  const extra = [...refs].flatMap(ref => {
    const repository = ref.split('@')[0];
    const same = catalog.find(mapping => mapping.startsWith(`${repository}@`));
    if (!same) throw new Error(`No thin local action for ${ref}`);
    return same.startsWith(`${ref}=`) ? [] : [`${ref}=${same.slice(same.indexOf('=') + 1)}`];
  });
  return [...catalog, ...extra];
}

/** Every `host/repo:tag` of the owner and the digest it names. */
function tagDigests(env: E2eEnvironment, reader: RegistryReader, owner: string): Map<string, string> {
  const digests = new Map<string, string>();
  const host = env.registry.host;
  for (const repository of reader.repositories(host).filter(r => r.startsWith(`${owner.toLowerCase()}/`))) {
    for (const tag of reader.tags(`${host}/${repository}`)) {
      digests.set(`${host}/${repository}:${tag}`, reader.digest(`${host}/${repository}:${tag}`));
    }
  }
  return digests;
}

/** A repository holding the seed's Dockerfiles and the workflow text, with an `origin` naming the owner. */
function writeRepository(env: E2eEnvironment, name: string, owner: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(env.runDir, `baseline-${name}-`));
  fs.mkdirSync(path.join(dir, path.dirname(WORKFLOW_FILE)), { recursive: true });
  fs.writeFileSync(path.join(dir, WORKFLOW_FILE), text);
  for (const [file, content] of Object.entries(SEED_FILES)) fs.writeFileSync(path.join(dir, file), content);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '--quiet', '--initial-branch', 'main');
  git('add', '.');
  git('commit', '--quiet', '-m', name);
  git('remote', 'add', 'origin', `https://github.com/${owner}/qm-nmr-calc.git`);
  return dir;
}

/** Per `job › step`, every line act logged for it (act's JSON log, one entry a line). */
function stepLines(log: string): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: any;
    try { entry = JSON.parse(line); } catch { continue; }
    if (!entry.jobID || entry.step === undefined || typeof entry.msg !== 'string') continue;
    const key = `${entry.jobID} › ${entry.step}`;
    lines.set(key, [...(lines.get(key) ?? []), entry.msg.trim()]);
  }
  return lines;
}

export function runCase(env: E2eEnvironment, reader: RegistryReader, actions: string[], run: {
  readonly name: string;
  readonly owner: string;
  readonly text: string;
  /** A fault planted by test/e2e/faults/docker (its E2E_FAULT value). */
  readonly fault?: string;
}): CaseOutcome {
  const before = tagDigests(env, reader, run.owner);
  const result = runAct(env, {
    repoDir: writeRepository(env, run.name, run.owner, run.text),
    workflowFile: WORKFLOW_FILE,
    event: Events.tagPush('v1.2.3'),
    localActions: actions,
    actor: env.registry.user,
    secrets: { GITHUB_TOKEN: env.registry.password },
    extraEnv: run.fault ? {
      E2E_FAULT: run.fault,
      E2E_REAL_DOCKER: execFileSync('bash', ['-c', 'command -v docker'], { encoding: 'utf-8' }).trim(),
      PATH: `${path.join(__dirname, '..', 'e2e', 'faults')}:${process.env.PATH}`,
    } : {},
  });
  if (process.env.E2E_KEEP_LOGS) fs.writeFileSync(path.join(process.env.E2E_KEEP_LOGS, `${run.name}.log`), result.log);

  const after = tagDigests(env, reader, run.owner);
  const movedTags = new Map<string, string[]>();
  for (const [ref, digest] of after) {
    if (before.get(ref) === digest) continue;
    const at = ref.lastIndexOf(':');
    movedTags.set(ref.slice(0, at), [...(movedTags.get(ref.slice(0, at)) ?? []), ref.slice(at + 1)]);
  }
  const moved = [...movedTags].map(([repository, tags]) => ({ repository, tags, platforms: reader.platforms(`${repository}:${tags[0]}`) }));

  const lines = stepLines(result.log);
  const failures = [...new Set(result.failedSteps)].map(step => {
    const own = lines.get(step) ?? [];
    const error = own.map(l => /::error::(.*)$/.exec(l)?.[1]).find(Boolean);
    // A `run:` script prints no ::error::; its last line naming an error beats act's own `exit status 1`.
    const printed = [...own].reverse().filter(l => l && !/^::/.test(l) && !/^exit status \d+$/.test(l));
    return { step, message: error ?? printed.find(l => /error/i.test(l)) ?? printed[0] ?? '' };
  });
  const uploads = new Map<string, string>();
  const downloads = new Map<string, string[]>();
  for (const [step, own] of lines) {
    const job = step.split(' › ')[0];
    for (const line of own) {
      const uploaded = /^Artifact (\S+) \(\d+ file\(s\)\) uploaded/.exec(line);
      if (uploaded) uploads.set(uploaded[1], job);
      const found = /^Found \d+ artifact\(s\): ?(.*)$/.exec(line);
      if (found) downloads.set(job, found[1].split(', ').filter(Boolean));
    }
  }
  const jobs = YAML.parse(run.text).jobs as Record<string, { needs?: string | string[] }>;
  const needs = new Map(Object.entries(jobs).map(([job, def]) => [job, [def.needs ?? []].flat()]));
  return { owner: run.owner, result, moved, failures, uploads, downloads, needs };
}
