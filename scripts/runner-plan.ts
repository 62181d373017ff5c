/**
 * Prints, for one image built for all eight Platform constants, which runner
 * each leg gets and whether it runs under QEMU, and each image's critical
 * path in jobs; once with GitHub's arm64 runners and once with
 * `armRunners: false` (a private repository without them).
 *
 *   npx ts-node --project projenrc/tsconfig.json scripts/runner-plan.ts
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
import { GitHub } from 'projen/lib/github';
import { MultiArchImagePublisher, MultiArchImagePublisherOptions, Platform } from '../src';

const ALL = [
  Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6,
  Platform.LINUX_386, Platform.LINUX_PPC64LE, Platform.LINUX_S390X, Platform.LINUX_RISCV64,
];

function plan(title: string, options: MultiArchImagePublisherOptions): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-plan-'));
  try {
    const project = new Project({ name: 'plan', outdir });
    new GitHub(project);
    const publisher = new MultiArchImagePublisher(project, options);
    project.synth();
    console.log(`=== ${title}`);
    const file = path.join(outdir, publisher.workflow.file!.path);
    console.log(execFileSync('node', [path.join(__dirname, 'summarize-workflow.mjs'), file], { encoding: 'utf-8' }).replace(file, publisher.workflow.file!.path));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

plan('all eight platforms, GitHub-hosted runners', { images: [{ name: 'everything', platforms: ALL }] });
plan('all eight platforms, armRunners: false (no arm64 runners)', { armRunners: false, images: [{ name: 'everything', platforms: ALL }] });
