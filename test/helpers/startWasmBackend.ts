// Starts the wasm backend in a process of its own (one WebAssembly module per process), for the
// thread tests: prints the backend's description and a convolution's gradient sums as JSON.
// Usage: node -r tsx/cjs test/helpers/startWasmBackend.ts THREADS [WASM_DIR]
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/core/backend/selectBackend';

async function main() {
  const threads = Number(process.argv[2]);
  const backend = await selectBackend('wasm', { threads, wasmDir: process.argv[3] });
  const [dx, dw] = tf.tidy(() => {
    const x = tf.randomNormal([8, 14, 14, 16], 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal([4, 4, 16, 32], 0, 1, 'float32', 2) as tf.Tensor4D;
    const loss = (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')));
    return tf
      .grads(loss)([x, w])
      .map((g) => Array.from(g.dataSync()));
  });
  console.log(JSON.stringify({ description: backend.description, dx, dw }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
