// What the TensorFlow.js backend holds, for leak tests: its data ids count every buffer a kernel
// allocated, including those made through the backend directly, which tf.memory() never sees.
import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';

export function backendDataIds(): number {
  return tf.engine().backend.numDataIds();
}

/**
 * Runs `run` once to warm caches, then again, and asserts the second run left nothing behind: no
 * backend buffer and no engine tensor more than before it. Returns the second run's result.
 */
export function assertLeavesNothing<T>(run: () => T): T {
  run();
  const ids = backendDataIds();
  const tensors = tf.memory().numTensors;
  const result = run();
  assert.strictEqual(backendDataIds(), ids, 'backend buffers');
  assert.strictEqual(tf.memory().numTensors, tensors, 'engine tensors');
  return result;
}
