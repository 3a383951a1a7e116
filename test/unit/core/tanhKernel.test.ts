import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import { assertLeavesNothing } from '../../helpers/memory';

describe('tanh on wasm', () => {
  before(() => selectBackend('wasm', { threads: 1 }));

  const inputs = Float32Array.from([
    0,
    -0,
    1e-30,
    -1e-9,
    1e-4,
    -0.01,
    0.1,
    -0.1249,
    0.125,
    -0.13,
    0.3,
    -0.5,
    0.9,
    1,
    -1.5,
    2.5,
    -4,
    7,
    9.5,
    -12,
    40,
    -1e4,
    ...Array.from({ length: 2000 }, (_, i) => Math.sin(i * 12.9898) * 6),
  ]);

  it('is within a few float32 steps of tanh, relative near 0 and absolute elsewhere', () => {
    const out = tf.tanh(tf.tensor1d(inputs)).dataSync();
    let worstRelative = 0;
    let worstAbsolute = 0;
    inputs.forEach((x, i) => {
      const exact = Math.tanh(x);
      const error = Math.abs(out[i] - exact);
      if (Math.abs(x) < 0.125) worstRelative = Math.max(worstRelative, exact === 0 ? error : error / Math.abs(exact));
      else worstAbsolute = Math.max(worstAbsolute, error);
    });
    // One float32 step is 6e-8 relative; near 1 it is 6e-8 absolute.
    assert.ok(worstRelative < 2.4e-7, `relative error ${worstRelative} near 0`);
    assert.ok(worstAbsolute < 3e-7, `absolute error ${worstAbsolute}`);
  });

  it('keeps the sign of zero, saturates at ±1 and passes NaN through', () => {
    const out = tf.tanh(tf.tensor1d([-0, Infinity, -Infinity, NaN])).dataSync();
    assert.ok(Object.is(out[0], -0));
    assert.deepStrictEqual(Array.from(out.slice(1, 3)), [1, -1]);
    assert.ok(Number.isNaN(out[3]));
  });

  it('gives the gradient 1 - tanh^2 and leaves nothing behind in the backend', () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor1d([-2, -0.05, 0, 0.7]);
        return Array.from(
          tf
            .grad((v: tf.Tensor) => tf.sum(tf.tanh(v)))(x)
            .dataSync(),
        );
      });
    const grads = assertLeavesNothing(run);
    [-2, -0.05, 0, 0.7].forEach((x, i) => assert.ok(Math.abs(grads[i] - (1 - Math.tanh(x) ** 2)) < 1e-6));
  });
});
