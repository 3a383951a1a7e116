import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import { shouldSwapOperands } from '../../../src/core/backend/matMulOrientation';
import { closeTo } from '../../helpers/convolutionReference';
import { assertLeavesNothing } from '../../helpers/memory';

const plain = { transposeA: false, transposeB: false, bPacked: false };

describe('matrix products in the cheaper operand order', () => {
  it('packs a batch of 64 rows rather than a new 784x128 weight matrix', () => {
    assert.strictEqual(shouldSwapOperands({ ...plain, m: 64, k: 784, n: 128 }), true);
  });

  it('keeps the plain order when the weights are already packed (the same matrix again)', () => {
    assert.strictEqual(shouldSwapOperands({ ...plain, m: 64, k: 784, n: 128, bPacked: true }), false);
  });

  it('swaps an input gradient dy W^T (W stored as b^T already), not a weight gradient x^T dy', () => {
    assert.strictEqual(shouldSwapOperands({ ...plain, m: 64, k: 128, n: 784, transposeB: true }), true);
    assert.strictEqual(shouldSwapOperands({ ...plain, m: 784, k: 64, n: 128, transposeA: true }), false);
  });

  it('keeps the plain order for square products, where nothing is gained', () => {
    assert.strictEqual(shouldSwapOperands({ ...plain, m: 64, k: 64, n: 64 }), false);
  });

  describe('on wasm', () => {
    before(() => selectBackend('wasm', { threads: 1 }));
    const values = (count: number, seed: number) =>
      Float32Array.from({ length: count }, (_, i) => Math.sin(seed * 7.1 + i * 1.3));
    const reference = (av: Float32Array, bv: Float32Array, batch: number, m: number, k: number, n: number) => {
      const out = new Float32Array(batch * m * n);
      for (let p = 0; p < batch; p++)
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let q = 0; q < k; q++) sum += av[(p * m + i) * k + q] * bv[(p * k + q) * n + j];
            out[(p * m + i) * n + j] = sum;
          }
      return out;
    };
    // [batch, m, k, n, rank]: the first two take the swapped order, the last two the plain one.
    const shapes: Array<[number, number, number, number, 2 | 3]> = [
      [1, 3, 5, 40, 2],
      [1, 2, 9, 33, 3],
      [1, 6, 6, 6, 2],
      [3, 3, 5, 40, 3],
    ];
    for (const [batch, m, k, n, rank] of shapes)
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ])
        it(`multiplies ${batch}x${m}x${k} by ${k}x${n} (rank ${rank}), transposeA=${ta} transposeB=${tb}, as the definition does`, () => {
          const av = values(batch * m * k, m + k);
          const bv = values(batch * k * n, n);
          tf.tidy(() => {
            const shape = (rows: number, cols: number) => (rank === 2 ? [rows, cols] : [batch, rows, cols]);
            const flip = (t: tf.Tensor) => tf.transpose(t, rank === 2 ? [1, 0] : [0, 2, 1]);
            // Stored as each layout wants, so the product is the same A x B each time.
            const a = ta ? flip(tf.tensor(av, shape(m, k))) : tf.tensor(av, shape(m, k));
            const b = tb ? flip(tf.tensor(bv, shape(k, n))) : tf.tensor(bv, shape(k, n));
            const out = tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, ta, tb);
            assert.deepStrictEqual(out.shape, shape(m, n));
            closeTo(out.dataSync(), reference(av, bv, batch, m, k, n), `transposeA=${ta} transposeB=${tb}`);
          });
        });

    it('leaves nothing behind in the backend on either order', () => {
      const run = () =>
        tf.tidy(() => {
          const a = tf.randomNormal([3, 5]);
          for (const [ta, tb] of [
            [false, false],
            [false, true],
          ])
            tf.matMul(a, tf.randomNormal(tb ? [40, 5] : [5, 40]), ta, tb).dataSync();
          tf.matMul(tf.randomNormal([6, 6]), tf.randomNormal([6, 6]), true, true).dataSync();
        });
      assertLeavesNothing(run);
    });
  });
});
