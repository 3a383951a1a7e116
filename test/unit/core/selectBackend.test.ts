import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NOT_INSTALLED } from '../../../src/core/backend/backendNames';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import { nativeBackendInstalled, tempDir } from '../../helpers/cli';

/** A tfjs-node install whose native library is missing, as a broken or half-finished install is. */
function brokenNativeInstall(): string {
  const dir = tempDir();
  const pkg = path.join(dir, 'node_modules', '@tensorflow', 'tfjs-node');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', main: 'index.js' }));
  fs.writeFileSync(path.join(pkg, 'index.js'), "require('./lib/napi-v8/tfjs_binding.node');\n");
  return dir;
}

describe('backend selection', function () {
  this.timeout(30_000);

  it('tells "installed but failed to load" from "not installed" when it passes over native TensorFlow', async () => {
    const broken = await selectBackend('auto', { tfjsNodePath: brokenNativeInstall() });
    assert.strictEqual(broken.name, 'wasm');
    const reason = broken.skipped.find((s) => s.name === 'tensorflow')?.reason ?? '';
    assert.match(reason, /^installed, but it failed to load: Cannot find module .*tfjs_binding\.node/);
    if (!nativeBackendInstalled()) {
      const absent = await selectBackend('auto', { tfjsNodePath: tempDir() });
      assert.deepStrictEqual(absent.skipped, [{ name: 'tensorflow', reason: NOT_INSTALLED }]);
      assert.match(absent.description, /not used: tensorflow: not installed/);
    }
  });
});
