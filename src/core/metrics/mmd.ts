// Maximum mean discrepancy with a Gaussian kernel between two sample sets. Runs wherever
// TensorFlow.js does, on the backend, a block of rows at a time: for image samples a whole kernel
// computation would hold several copies of 500 x 12,288 floats at once, and the wasm heap keeps
// whatever it once grew to for the rest of the run.
import * as tf from '@tensorflow/tfjs-core';

/** Rows of each set in one block: 128 rows of a 64x64 RGB image are 6 MB. */
const BLOCK_ROWS = 128;

/** Squared pairwise distances between the rows of x [n, d] and y [m, d]. */
export function squaredDistances(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  const xx = tf.sum(tf.square(x), 1, true);
  const yy = tf.reshape(tf.sum(tf.square(y), 1), [1, -1]);
  return tf.relu(tf.sub(tf.add(xx, yy), tf.mul(2, tf.matMul(x, y, false, true)))) as tf.Tensor2D;
}

/** Calls `visit` with each pair of row blocks of x and y, the blocks as tensors inside a tidy (also
 * KID's: a block at a time keeps the wasm heap small on large images). */
export function forBlocks(
  x: Float32Array,
  y: Float32Array,
  dim: number,
  visit: (a: tf.Tensor2D, b: tf.Tensor2D, i0: number, j0: number) => void,
): void {
  const n = x.length / dim;
  const m = y.length / dim;
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const rowsA = Math.min(BLOCK_ROWS, n - i0);
    for (let j0 = 0; j0 < m; j0 += BLOCK_ROWS) {
      const rowsB = Math.min(BLOCK_ROWS, m - j0);
      tf.tidy(() => {
        const a = tf.tensor2d(x.subarray(i0 * dim, (i0 + rowsA) * dim), [rowsA, dim]);
        const b = y === x && j0 === i0 ? a : tf.tensor2d(y.subarray(j0 * dim, (j0 + rowsB) * dim), [rowsB, dim]);
        visit(a, b, i0, j0);
      });
    }
  }
}

/** The sum of exp(-|a-b|^2 / (2 sigma^2)) over every pair of a row of x and a row of y. */
function kernelSum(x: Float32Array, y: Float32Array, dim: number, sigma: number): number {
  let sum = 0;
  forBlocks(x, y, dim, (a, b) => {
    sum += tf.sum(tf.exp(tf.div(squaredDistances(a, b), -2 * sigma * sigma))).dataSync()[0];
  });
  return sum;
}

/**
 * A kernel bandwidth by the median heuristic: the median pairwise distance within `x`, so one value
 * fixed at the start of a run keeps MMD comparable from step to step.
 */
export function medianBandwidth(x: Float32Array, dim: number): number {
  const off: number[] = [];
  forBlocks(x, x, dim, (a, b, i0, j0) => {
    if (j0 < i0) return; // each unordered pair once
    const d = squaredDistances(a, b).dataSync();
    const cols = b.shape[0];
    for (let i = 0; i < a.shape[0]; i++) for (let j = j0 === i0 ? i + 1 : 0; j < cols; j++) off.push(d[i * cols + j]);
  });
  off.sort((p, q) => p - q);
  const median = Math.sqrt(off[Math.floor(off.length / 2)] ?? 1);
  return median > 0 ? median : 1;
}

/** The mean of k over the distinct pairs of `x` (the diagonal, exactly 1, left out). */
function withinMean(x: Float32Array, dim: number, sigma: number): number {
  const n = x.length / dim;
  return (kernelSum(x, x, dim, sigma) - n) / (n * (n - 1));
}

/**
 * The unbiased estimate of MMD^2 (Gretton et al. 2012) with kernel exp(-|a-b|^2 / (2 sigma^2)).
 * Near 0 when both sets come from one distribution; may be slightly negative.
 */
export function mmdSquared(x: Float32Array, y: Float32Array, dim: number, sigma: number): number {
  const m = y.length / dim;
  const n = x.length / dim;
  return withinMean(x, dim, sigma) + withinMean(y, dim, sigma) - (2 * kernelSum(x, y, dim, sigma)) / (n * m);
}

/** A fixed set of real samples to measure generated ones against: its bandwidth and its own
 * kernel mean are computed once, not at every evaluation. */
export class MmdReference {
  readonly sigma: number;
  private readonly realMean: number;

  constructor(
    private readonly real: Float32Array,
    private readonly dim: number,
  ) {
    this.sigma = medianBandwidth(real, dim);
    this.realMean = withinMean(real, dim, this.sigma);
  }

  /** MMD^2 between `fake` and the real set. */
  mmdSquared(fake: Float32Array): number {
    const n = fake.length / this.dim;
    const m = this.real.length / this.dim;
    const cross = kernelSum(fake, this.real, this.dim, this.sigma) / (n * m);
    return withinMean(fake, this.dim, this.sigma) + this.realMean - 2 * cross;
  }
}
