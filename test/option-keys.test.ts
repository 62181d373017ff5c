import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { MultiArchImagePublisher, Platform, Registry, TagRule } from '../src';
import { newProject } from './util';
import { declaredOptionKeys } from '../src/private/option-keys';

/** Every interface the package exports (the files `src/index.ts` re-exports), with its property names. */
function exportedInterfaces(): Map<string, string[]> {
  const srcDir = path.join(__dirname, '..', 'src');
  const index = fs.readFileSync(path.join(srcDir, 'index.ts'), 'utf-8');
  const files = [...index.matchAll(/export \* from '\.\/([\w-]+)'/g)].map(m => path.join(srcDir, `${m[1]}.ts`));
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2020, noResolve: true, noLib: true, types: [] });
  const checker = program.getTypeChecker();
  const result = new Map<string, string[]>();
  for (const file of files) {
    ts.forEachChild(program.getSourceFile(file)!, node => {
      if (ts.isInterfaceDeclaration(node) && node.modifiers?.some(m => m.kind === ts.SyntaxKind.ExportKeyword)) {
        const type = checker.getTypeAtLocation(node.name);
        result.set(node.name.text, checker.getPropertiesOfType(type).map(p => p.name).sort());
      }
    });
  }
  return result;
}

test('every exported options interface declares its keys, and the keys match the interface', () => {
  const interfaces = exportedInterfaces();
  expect(interfaces.size).toBeGreaterThanOrEqual(15);
  const declared = declaredOptionKeys();
  expect([...declared.keys()].sort()).toEqual([...interfaces.keys()].sort());
  for (const [name, keys] of declared) {
    expect({ name, keys: [...keys.keys].sort() }).toEqual({ name, keys: interfaces.get(name) });
  }
});

describe('unknown keys are refused with an Error naming the key and the allowed ones', () => {
  const publish = (options: any) => new MultiArchImagePublisher(newProject(), options);

  test.each([
    ['options', { images: [{ name: 'app' }], cacheScope: 'x' }, /options has no option "cacheScope"; MultiArchImagePublisherOptions allows workflowName, .*triggers, /],
    ['triggers', { images: [{ name: 'app' }], triggers: { tag: ['v*'] } }, /triggers has no option "tag"; TriggerOptions allows tags, /],
    ['flavor', { images: [{ name: 'app' }], flavor: { latests: 'true' } }, /flavor has no option "latests"; FlavorOptions allows latest, prefix, suffix/],
    ['platformRunners', { images: [{ name: 'app' }], platformRunners: [{ platform: Platform.LINUX_ARM64, runner: undefined, runsOn: 'x' }] }, /platformRunners\[0\] has no option "runsOn"; PlatformRunner allows platform, runner/],
    ['images', { images: [{ name: 'app', cacheScope: 'app' }] }, /images\[0\] has no option "cacheScope"; ImageOptions allows name, context, /],
    ['platformOverrides', { images: [{ name: 'app', platformOverrides: [{ platform: Platform.LINUX_ARM64, dockerFile: 'D' }] }] }, /images\[0\]\.platformOverrides\[0\] has no option "dockerFile"; PlatformOverride allows platform, dockerfile, /],
    ['smokeTest', { images: [{ name: 'app', smokeTest: { args: ['x'], expect: 'y' } }] }, /images\[0\]\.smokeTest has no option "expect"; SmokeTestOptions allows args, expectOutput/],
  ])('%s', (_what, options, message) => {
    expect(() => publish(options)).toThrow(message);
    try {
      publish(options);
    } catch (error) {
      expect(error).not.toBeInstanceOf(TypeError);
    }
  });

  test('registry factories', () => {
    expect(() => Registry.ghcr({ namespce: 'acme' } as any)).toThrow(/^Registry\.ghcr: options has no option "namespce"; GhcrOptions allows namespace, condition$/);
    expect(() => Registry.dockerHub({ namespace: 'acme', passwordSecret: 'P' } as any))
      .toThrow(/Registry\.dockerHub: options has no option "passwordSecret"; DockerHubOptions allows namespace, usernameSecret, usernameVariable, tokenSecret, condition/);
    expect(() => Registry.ecr({ accountId: '123456789012', region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/r', role: 'x' } as any))
      .toThrow(/Registry\.ecr: options has no option "role"/);
    expect(() => Registry.custom({ host: 'r.example.com', tokenSecret: 'T' } as any)).toThrow(/Registry\.custom: options has no option "tokenSecret"; CustomRegistryOptions allows host, /);
  });

  test('tag rule factories', () => {
    expect(() => TagRule.semver('{{version}}', { prefx: 'v' } as any)).toThrow(/TagRule\.semver: options has no option "prefx"; TagRuleOptions allows enable, priority, prefix, suffix/);
    expect(() => TagRule.match('v(.*)', { groups: 1 } as any)).toThrow(/TagRule\.match: options has no option "groups"; MatchTagRuleOptions allows .*group, value/);
    expect(() => TagRule.sha({ format: 'long' } as any)).toThrow(/TagRule\.sha: options has no option "format"; ShaTagRuleOptions allows .*long/);
    expect(() => TagRule.edge({ branches: 'main' } as any)).toThrow(/TagRule\.edge: options has no option "branches"/);
    expect(() => TagRule.raw('latest', { enabled: 'true' } as any)).toThrow(/TagRule\.raw: options has no option "enabled"/);
  });

  test('known keys with undefined values are accepted', () => {
    expect(() => publish({ images: [{ name: 'app', target: undefined }], flavor: { prefix: undefined } })).not.toThrow();
  });
});
