import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import { backendDataIds } from '../../helpers/memory';

/** TensorFlow.js's own leaky ReLU gradient: the three ops the one-pass kernel replaces. */
const stockGradient = (dy: tf.Tensor, x: tf.Tensor, alpha: number) =>
  tf.mul(dy, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, alpha)));

function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string) {
  assert.strictEqual(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++)
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tolerance * (1 + Math.abs(expected[i])),
      `${what} [${i}]: ${actual[i]} vs ${expected[i]}`,
    );
}

describe('fused kernels', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    describe(`on ${backend}`, () => {
      before(() => selectBackend(backend));

      it('gives the leaky ReLU of the definition, bit for bit, at zeros of either sign too', () => {
        const values = [-3.7, -1e-30, -0, 0, 1e-30, 0.3, 5, -1e20, 1e20, -0.1];
        const y = tf.tidy(() => tf.leakyRelu(tf.tensor1d(values), 0.2).dataSync());
        const f32 = (v: number) => Math.fround(v);
        const expected = values.map((v) => (v > 0 ? f32(v) : f32(f32(v) * f32(0.2))));
        assert.deepStrictEqual(Array.from(y), expected);
        // The gradient at exactly 0 is alpha (x > 0 is false), at either sign of zero.
        const g = tf.tidy(() =>
          tf
            .grad((a: tf.Tensor) => tf.sum(tf.leakyRelu(a, 0.2)))(tf.tensor1d([0, -0, 1, -1]))
            .dataSync(),
        );
        assert.deepStrictEqual(Array.from(g), [f32(0.2), f32(0.2), 1, f32(0.2)]);
      });

      it('gives the leaky ReLU gradient of the definition and of finite differences', () => {
        tf.tidy(() => {
          const x = tf.tensor1d([-2, -0.5, -0.01, 0.01, 0.7, 3]);
          const dy = tf.tensor1d([1, 2, -1, 0.5, -3, 4]);
          const grad = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(a, 0.2), dy)))(x);
          closeTo(grad.dataSync(), stockGradient(dy, x, 0.2).dataSync(), 1e-6, 'against the three ops');
          // Central differences of sum(leakyRelu(x) * dy), away from the kink at 0.
          const f = (v: Float32Array) => tf.sum(tf.mul(tf.leakyRelu(tf.tensor1d(v), 0.2), dy)).dataSync()[0];
          const base = x.dataSync() as Float32Array;
          const numeric = Array.from(base, (_, i) => {
            const h = 1e-3;
            const up = base.slice();
            const down = base.slice();
            up[i] += h;
            down[i] -= h;
            return (f(up) - f(down)) / (2 * h);
          });
          closeTo(grad.dataSync(), numeric, 1e-2, 'against finite differences');
        });
      });

      it("takes the second derivative a gradient penalty needs, as TensorFlow.js's own ops do", () => {
        tf.tidy(() => {
          const x = tf.randomNormal([4, 6], 0, 1, 'float32', 3);
          const w = tf.randomNormal([6, 1], 0, 1, 'float32', 4);
          // |d critic / d x|^2 for critic(x) = leakyRelu(x) w, differentiated again in w.
          const penalty = (fused: boolean) =>
            tf.grad((wv: tf.Tensor) => {
              const gx = fused
                ? tf.grad((a: tf.Tensor) => tf.sum(tf.matMul(tf.leakyRelu(a, 0.2) as tf.Tensor2D, wv as tf.Tensor2D)))(
                    x,
                  )
                : tf.mul(stockGradient(tf.ones([4, 6]), x, 0.2), tf.reshape(wv, [1, 6]));
              return tf.sum(tf.square(gx));
            })(w);
          closeTo(penalty(true).dataSync(), penalty(false).dataSync(), 1e-4, 'd penalty / d w');
        });
      });

      it('shares the buffer of an identity, and leaves nothing behind', () => {
        const x = tf.tensor1d([1, 2, 3]);
        const before = backendDataIds();
        const y = tf.clone(x);
        if (backend === 'wasm') assert.strictEqual(backendDataIds(), before, 'no copy was made');
        x.dispose();
        assert.deepStrictEqual(Array.from(y.dataSync()), [1, 2, 3], 'the values outlive the input');
        y.dispose();
        assert.strictEqual(backendDataIds(), before - 1);
        const run = () =>
          tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(tf.leakyRelu(tf.clone(a), 0.2)))(tf.tensor1d([-1, 1])));
        run().dispose();
        const ids = backendDataIds();
        run().dispose();
        assert.strictEqual(backendDataIds(), ids);
      });
    });
  }
});
