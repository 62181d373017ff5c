import * as fs from 'fs';
import * as path from 'path';
import { checkProjenVersion, installedProjenVersion, MIN_PROJEN_VERSION, PROJEN_PEER_RANGE } from '../src/private/projen-version';

describe('the projen version guard', () => {
  test.each(['0.85.2', '0.91.31', '0.93.0'])('projen %s is refused with both versions and the way out', version => {
    expect(() => checkProjenVersion(version)).toThrow(
      `MultiArchImagePublisher: this project uses projen ${version}, but projen-multiarch-publisher needs projen >=0.93.3 <1.0.0`);
    expect(() => checkProjenVersion(version)).toThrow(/drop `shell: bash`.*upgrade projen with `npx projen upgrade`/);
  });

  test.each(['0.93.3', '0.99.80', '0.103.25', '0.250.1', '1.0.0'])('projen %s is accepted', version => {
    expect(() => checkProjenVersion(version)).not.toThrow();
  });

  test("an unknown version or projen's development build (0.0.0) is not refused", () => {
    expect(() => checkProjenVersion(undefined)).not.toThrow();
    expect(() => checkProjenVersion('0.0.0')).not.toThrow();
  });

  test('reads the version of the projen the library runs with', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'node_modules', 'projen', 'package.json'), 'utf-8'));
    expect(installedProjenVersion()).toBe(manifest.version);
  });

  test("package.json's peer range is the one the guard enforces", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8'));
    expect(manifest.peerDependencies.projen).toBe(PROJEN_PEER_RANGE);
    expect(PROJEN_PEER_RANGE).toBe(`>=${MIN_PROJEN_VERSION} <1.0.0`);
  });
});
