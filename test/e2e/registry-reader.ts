import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { E2eEnvironment, RegistryAccount, toolPath } from './environment';

/** Reads what a real registry holds, with crane (its own Docker config, logged in to every registry). */
export class RegistryReader {
  private readonly dockerConfig: string;

  constructor(private readonly env: E2eEnvironment) {
    this.dockerConfig = path.join(env.runDir, 'reader-docker-config');
    fs.mkdirSync(this.dockerConfig, { recursive: true });
    for (const account of [env.registry, env.secondRegistry, env.dockerHub, env.ecr]) this.login(account);
  }

  /** Every repository in the registry. */
  public repositories(host: string): string[] {
    return this.crane(['catalog', host]).split('\n').filter(Boolean);
  }

  /** The tags of a repository (none when it does not exist). */
  public tags(repository: string): string[] {
    const result = this.run(['ls', repository]);
    return result.status === 0 ? result.stdout.split('\n').filter(Boolean).sort() : [];
  }

  /** `os/arch[/variant]` of every image in the index a reference names (attestations left out). */
  public platforms(reference: string): string[] {
    const manifest = JSON.parse(this.crane(['manifest', reference]));
    return (manifest.manifests ?? [])
      .map((m: any) => m.platform)
      .filter((p: any) => p && p.os !== 'unknown')
      .map((p: any) => [p.os, p.architecture, p.variant].filter(Boolean).join('/'))
      .sort();
  }

  /** The digest a reference resolves to (an index's own digest for a tag). */
  public digest(reference: string): string {
    return this.crane(['digest', reference]).trim();
  }

  /** The raw manifest (or index) a reference names. */
  public manifest(reference: string): any {
    return JSON.parse(this.crane(['manifest', reference]));
  }

  /** The image config of one platform of a reference (labels, entrypoint, architecture). */
  public config(reference: string, platform: string): any {
    return JSON.parse(this.crane(['config', '--platform', platform, reference]));
  }

  /** The architecture the files of a platform image really are, from its config. */
  public configArchitecture(reference: string, platform: string): string {
    return JSON.parse(this.crane(['config', '--platform', platform, reference])).architecture;
  }

  /** The content of one file in one platform's image of a reference (crane export). */
  public file(reference: string, platform: string, file: string): string {
    const tar = path.join(fs.mkdtempSync(path.join(this.env.runDir, 'export-')), 'image.tar');
    this.crane(['export', '--platform', platform, reference, tar]);
    return execFileSync('tar', ['-xOf', tar, file.replace(/^\//, '')], { encoding: 'utf-8' });
  }

  /** Rewrites an index in place so it keeps only the given platforms (a fault planted with crane). */
  public keepOnlyPlatforms(reference: string, platforms: string[]): void {
    this.crane(['index', 'filter', reference, '-t', reference, ...platforms.flatMap(p => ['--platform', p])]);
  }

  private login(account: RegistryAccount): void {
    this.crane(['auth', 'login', account.host, '-u', account.user, '--password-stdin'], account.password);
  }

  private crane(args: string[], input?: string): string {
    const result = this.run(args, input);
    if (result.status !== 0) throw new Error(`crane ${args.join(' ')} failed: ${result.stderr.trim()}`);
    return result.stdout;
  }

  private run(args: string[], input?: string) {
    return spawnSync(toolPath(this.env, 'crane'), args, {
      input,
      encoding: 'utf-8',
      env: { ...process.env, DOCKER_CONFIG: this.dockerConfig },
    });
  }
}
