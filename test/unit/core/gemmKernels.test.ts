import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { instantiateGemm, type GemmKernels } from '../../../src/core/backend/gemmKernels';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import { assertLeavesNothing } from '../../helpers/memory';

const f = Math.fround;
const values = (count: number, seed: number) =>
  Float32Array.from({ length: count }, (_, i) => f(Math.sin(seed * 7.1 + i * 1.3) * 2));

/** The product as the kernels define it: each output a float32 sum over k, in order. */
function sequentialProduct(a: Float32Array, b: Float32Array, m: number, k: number, n: number, aTransposed: boolean) {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let q = 0; q < k; q++) sum = f(sum + f((aTransposed ? a[q * m + i] : a[i * k + q]) * b[q * n + j]));
      out[i * n + j] = sum;
    }
  return out;
}

const GUARD = 16;
const SENTINEL = -12345.5;

/** Runs one kernel on a fresh heap laid out a | b | guard c guard, and checks the guards. */
function run(
  kernels: (m: WebAssembly.Memory) => GemmKernels,
  shared: boolean,
  layout: 'nn' | 'tn',
  m: number,
  k: number,
  n: number,
) {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 64, shared });
  const heap = new Float32Array(memory.buffer);
  const a = values(m * k, m + k);
  const b = values(k * n, n);
  heap.set(a, 0);
  heap.set(b, m * k);
  const c = m * k + k * n + GUARD;
  heap.fill(SENTINEL, c - GUARD, c + m * n + GUARD);
  kernels(memory)[layout](0, 4 * m * k, 4 * c, m, k, n);
  for (let g = 1; g <= GUARD; g++) {
    assert.strictEqual(heap[c - g], SENTINEL, `wrote before C (${m}x${k}x${n})`);
    assert.strictEqual(heap[c + m * n + g - 1], SENTINEL, `wrote after C (${m}x${k}x${n})`);
  }
  return { got: heap.slice(c, c + m * n), want: sequentialProduct(a, b, m, k, n, layout === 'tn') };
}

describe('matrix product kernels in WebAssembly', () => {
  // Rows around the 4-row tile (1, 3, 4, 5, 9), columns around the 8-column tile (4, 8, 12, 20),
  // short and odd sums, and the reference models' shapes.
  const shapes: Array<[number, number, number]> = [];
  for (const m of [1, 3, 4, 5, 9]) for (const k of [1, 2, 7]) for (const n of [4, 8, 12, 20]) shapes.push([m, k, n]);
  shapes.push([64, 100, 128], [64, 784, 128], [100, 64, 128], [64, 64, 784]);

  for (const layout of ['nn', 'tn'] as const)
    it(`${layout === 'nn' ? 'A B' : 'A^T B'}: every output the float32 sum over k in order, nothing written outside C`, () => {
      for (const [m, k, n] of shapes) {
        const { got, want } = run(instantiateGemm, false, layout, m, k, n);
        assert.deepStrictEqual(got, want, `${m}x${k}x${n}`);
      }
    });

  it('works on a shared heap (the threaded build) as on a plain one', () => {
    for (const layout of ['nn', 'tn'] as const) {
      const { got, want } = run(instantiateGemm, true, layout, 9, 7, 20);
      assert.deepStrictEqual(got, want);
    }
  });

  describe('behind the wasm BatchMatMul', () => {
    before(() => selectBackend('wasm', { threads: 1 }));

    it('multiplies in every transpose combination as the kernels define it', () => {
      const [m, k, n] = [5, 33, 12];
      const av = values(m * k, 3);
      const bv = values(k * n, 4);
      const want = sequentialProduct(av, bv, m, k, n, false);
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ])
        tf.tidy(() => {
          const a = ta ? tf.transpose(tf.tensor2d(av, [m, k])) : tf.tensor2d(av, [m, k]);
          const b = tb ? tf.transpose(tf.tensor2d(bv, [k, n])) : tf.tensor2d(bv, [k, n]);
          assert.deepStrictEqual(tf.matMul(a, b, ta, tb).dataSync(), want, `transposeA=${ta} transposeB=${tb}`);
        });
    });

    it('gives the gradients of a product as the cpu backend does', async () => {
      const av = values(6 * 9, 5);
      const bv = values(9 * 8, 6);
      const grads = () =>
        tf.tidy(() => {
          const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.matMul(a, b))));
          return g([tf.tensor2d(av, [6, 9]), tf.tensor2d(bv, [9, 8])]).map((t) => t.dataSync());
        });
      const onWasm = grads();
      await selectBackend('cpu');
      const onCpu = grads();
      await selectBackend('wasm', { threads: 1 });
      for (let i = 0; i < 2; i++)
        onCpu[i].forEach((v, j) =>
          assert.ok(Math.abs(onWasm[i][j] - v) <= 1e-4 * (1 + Math.abs(v)), `gradient ${i}[${j}]`),
        );
    });

    it('leaves no backend buffer behind, transposed operands included', () => {
      assertLeavesNothing(() =>
        tf.tidy(() => {
          tf.matMul(tf.randomNormal([7, 5]), tf.randomNormal([8, 5]), false, true).dataSync();
          tf.matMul(tf.randomNormal([5, 7]), tf.randomNormal([5, 8]), true, false).dataSync();
        }),
      );
    });
  });
});
