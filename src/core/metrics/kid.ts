// Kernel Inception Distance (Bińkowski et al. 2018, "Demystifying MMD GANs"): the unbiased MMD²
// between two feature sets under the cubic polynomial kernel k(x, y) = (xᵀy / d + 1)³. Unlike FID
// it has no bias from the sample size, so real against real is 0 on average. Computed a block of
// rows at a time, as MMD² is (on pixels of large images a whole kernel matrix would not fit the
// wasm heap's budget). Runs wherever TensorFlow.js does.
import * as tf from '@tensorflow/tfjs-core';
import { forBlocks } from './mmd';

/** The sum of k over every pair of a row of x with a row of y (x and y may be the same array). */
function kernelSum(x: Float32Array, y: Float32Array, dim: number): number {
  let sum = 0;
  forBlocks(x, y, dim, (a, b) => {
    sum += tf.sum(tf.pow(tf.add(tf.div(tf.matMul(a, b, false, true), dim), 1), 3)).dataSync()[0];
  });
  return sum;
}

/** The sum of k(x, x) over the rows of x: the diagonal an unbiased estimate leaves out. */
function diagonalSum(x: Float32Array, dim: number): number {
  let sum = 0;
  for (let i = 0; i < x.length; i += dim) {
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += x[i + k] * x[i + k];
    sum += (dot / dim + 1) ** 3;
  }
  return sum;
}

/** The mean of k over the distinct pairs of rows of x. */
function withinMean(x: Float32Array, dim: number): number {
  const n = x.length / dim;
  return (kernelSum(x, x, dim) - diagonalSum(x, dim)) / (n * (n - 1));
}

/** A fixed set of real features (or pixels) to measure generated ones against: its own kernel
 * mean is computed once, not at every evaluation. */
export class KidReference {
  private readonly realMean: number;

  constructor(
    private readonly real: Float32Array,
    private readonly dim: number,
  ) {
    if (real.length / dim < 2) throw new Error('KID needs at least two real feature vectors');
    this.realMean = withinMean(real, dim);
  }

  /** The unbiased KID between `samples` (at least two rows) and the real set. */
  distance(samples: Float32Array): number {
    const n = samples.length / this.dim;
    const m = this.real.length / this.dim;
    if (n < 2) throw new Error('KID needs at least two feature vectors');
    return withinMean(samples, this.dim) + this.realMean - (2 * kernelSum(samples, this.real, this.dim)) / (n * m);
  }
}

/** Unbiased MMD² with the KID kernel between the rows of `a` and of `b` (`dim` values each). */
export function kernelInceptionDistance(a: Float32Array, b: Float32Array, dim: number): number {
  return new KidReference(b, dim).distance(a);
}
