import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import { assertLeavesNothing } from '../../helpers/memory';

const f = Math.fround;
const values = (count: number) => Float32Array.from({ length: count }, (_, i) => f(Math.sin(i * 0.77) * 3));

/** Sums over the leading axes as the kernel defines them: float32 sums down the rows, in order. */
function sequentialColumnSums(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(cols);
  for (let c = 0; c < cols; c++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum = f(sum + x[r * cols + c]);
    out[c] = sum;
  }
  return out;
}

describe('Sum over leading axes on wasm (bias gradients)', () => {
  before(() => selectBackend('wasm', { threads: 1 }));

  // [shape, axes]: a convolution's bias gradient, 36 columns (a full sweep of 32 and one vector),
  // 4 columns, a negative axis, one row.
  const cases: Array<[number[], number[]]> = [
    [
      [64, 14, 14, 32],
      [0, 1, 2],
    ],
    [[7, 36], [0]],
    [
      [5, 3, 4],
      [0, 1],
    ],
    [[9, 8], [-2]],
    [[1, 40], [0]],
  ];
  for (const [shape, axes] of cases)
    it(`sums [${shape}] over axes ${axes} as float32 sums down the rows, with and without keepDims`, () => {
      const size = shape.reduce((a, b) => a * b, 1);
      const kept = shape.slice(axes.length);
      const keptSize = kept.reduce((a, b) => a * b, 1);
      const xv = values(size);
      const want = sequentialColumnSums(xv, size / keptSize, keptSize);
      tf.tidy(() => {
        const x = tf.tensor(xv, shape);
        const plain = tf.sum(x, axes);
        assert.deepStrictEqual(plain.shape, kept);
        assert.deepStrictEqual(plain.dataSync(), want);
        const kept1 = tf.sum(x, axes, true);
        assert.deepStrictEqual(kept1.shape, [...axes.map(() => 1), ...kept]);
        assert.deepStrictEqual(kept1.dataSync(), want);
      });
    });

  it('leaves other sums to TensorFlow.js: trailing axes, columns not in fours, all axes', () => {
    tf.tidy(() => {
      const x = tf.tensor(values(30), [5, 6]);
      const rows = tf.sum(x, 1).dataSync();
      const cols = tf.sum(x, 0).dataSync();
      const all = tf.sum(x).dataSync()[0];
      const v = values(30);
      for (let r = 0; r < 5; r++)
        assert.ok(Math.abs(rows[r] - v.slice(r * 6, r * 6 + 6).reduce((a, b) => a + b)) < 1e-5);
      for (let c = 0; c < 6; c++)
        assert.ok(Math.abs(cols[c] - [0, 1, 2, 3, 4].reduce((a, r) => a + v[r * 6 + c], 0)) < 1e-5);
      assert.ok(Math.abs(all - v.reduce((a, b) => a + b)) < 1e-4);
    });
  });

  it('leaves nothing behind in the backend', () => {
    assertLeavesNothing(() => tf.tidy(() => tf.sum(tf.randomNormal([6, 5, 8]), [0, 1]).dataSync()));
  });
});
