import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../../helpers/cli';

const HELPER = path.join(__dirname, '..', '..', 'helpers', 'startWasmBackend.ts');

/** The helper in its own process; fails the test if the process does not end by itself. */
function start(threads: number, wasmDir?: string) {
  const out = spawnSync(process.execPath, ['-r', 'tsx/cjs', HELPER, String(threads), ...(wasmDir ? [wasmDir] : [])], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 1 << 28,
  });
  assert.strictEqual(out.signal, null, 'the process ended by itself (its worker threads do not hold it)');
  assert.strictEqual(out.status, 0, out.stderr);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as { description: string; dx: number[]; dw: number[] };
}

describe('WebAssembly threads in Node', function () {
  this.timeout(120_000);

  it('starts the threaded build on two threads, with the gradients of one thread bit for bit', () => {
    const two = start(2);
    const one = start(1);
    assert.match(two.description, /WebAssembly with SIMD, 2 threads\)/);
    assert.match(one.description, /WebAssembly with SIMD, one thread\)/);
    assert.deepStrictEqual(two.dx, one.dx);
    assert.deepStrictEqual(two.dw, one.dw);
  });

  it('falls back to one thread, saying why, when the threaded build does not start', () => {
    // The binaries beside a threaded glue script that fails, as a damaged install would.
    const dir = tempDir();
    const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
    for (const f of fs.readdirSync(wasmDir).filter((f) => f.endsWith('.wasm')))
      fs.copyFileSync(path.join(wasmDir, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'tfjs-backend-wasm-threaded-simd.js'), "throw new Error('damaged build');\n");
    const result = start(2, dir);
    assert.match(result.description, /one thread: the threaded build did not start: damaged build\)/);
    assert.strictEqual(result.dw.length, 4 * 4 * 16 * 32, 'and trains on one thread');
  });
});
