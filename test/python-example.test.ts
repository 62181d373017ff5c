import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const WORKFLOW = '.github/workflows/publish-images.yml';
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf-8');

// scripts/python-example.sh (run by scripts/test.sh after the build) installs the
// wheel and regenerates examples/qm-nmr-calc-py; the drift check then fails on any
// change. These checks hold the committed files to the same promise.
describe('the Python consumer (examples/qm-nmr-calc-py)', () => {
  test('its committed workflow is the TypeScript example\'s, byte for byte but for the projenrc it names', () => {
    const typescript = read(`examples/qm-nmr-calc/${WORKFLOW}`);
    const python = read(`examples/qm-nmr-calc-py/${WORKFLOW}`);
    expect(typescript.split('\n')[0]).toContain('edit .projenrc.ts and');
    expect(python).toBe(typescript.replace('edit .projenrc.ts and', 'edit .projenrc.py and'));
  });

  test('the library builds a Python package and publishes nothing', () => {
    const manifest = JSON.parse(read('package.json'));
    expect(manifest.jsii.targets.python).toEqual({ distName: 'projen-multiarch-publisher', module: 'projen_multiarch_publisher' });
    const tasks = JSON.parse(read('.projen/tasks.json')).tasks;
    expect(tasks['package-all'].steps).toContainEqual({ spawn: 'package:python' });
    expect(Object.keys(tasks).filter(name => /publish|release/.test(name))).toEqual([]);
  });

  test('every Python tool is pinned to one version', () => {
    for (const file of ['examples/qm-nmr-calc-py/requirements.txt', 'python/pacmak-constraints.txt']) {
      const requirements = read(file).split('\n').filter(line => line.trim() && !line.startsWith('#'));
      expect(requirements.length).toBeGreaterThan(5);
      expect(requirements.filter(line => !/^[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.]*$/.test(line))).toEqual([]);
    }
    expect(read('examples/qm-nmr-calc-py/requirements.txt')).toContain(`projen==${JSON.parse(read('package.json')).devDependencies.projen.replace(/^\D+/, '')}`);
  });
});
