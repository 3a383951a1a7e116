import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { requireBuild, ROOT } from '../../helpers/cli';

describe('the extension host bundle', () => {
  before(requireBuild);

  it("bundles no TensorFlow.js, directly or through a core module (esbuild's own list of inputs)", () => {
    const meta = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'extension.meta.json'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const inputs = Object.keys(meta.inputs);
    assert.ok(inputs.includes('src/host/ganStudio.ts'), "the metafile is the host bundle's");
    assert.ok(inputs.includes('src/core/run/runFolder.ts'), 'core modules the host may use are in it');
    assert.deepStrictEqual(
      inputs.filter((i) => /@tensorflow|sharp|src\/core\/(training|model|backend\/selectBackend)|Source\.ts$/.test(i)),
      [],
    );
  });
});
