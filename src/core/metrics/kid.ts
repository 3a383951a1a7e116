// Kernel Inception Distance (Bińkowski et al. 2018, "Demystifying MMD GANs"): the unbiased MMD²
// between two feature sets under the cubic polynomial kernel k(x, y) = (xᵀy / d + 1)³. Unlike FID
// it has no bias from the sample size, so real against real is 0 on average. Runs wherever
// TensorFlow.js does.
import * as tf from '@tensorflow/tfjs-core';

/** The sum of k over every pair of a row of x [n, d] with a row of y [m, d], and the sum over the
 * diagonal (pairs of a row with itself) when x is y. */
function kernelSums(x: tf.Tensor2D, y: tf.Tensor2D, dim: number): { all: number; diagonal: number } {
  return tf.tidy(() => {
    const k = tf.pow(tf.add(tf.div(tf.matMul(x, y, false, true), dim), 1), 3) as tf.Tensor2D;
    const all = tf.sum(k).dataSync()[0];
    const diagonal = x === y ? tf.sum(tf.pow(tf.add(tf.div(tf.sum(tf.square(x), 1), dim), 1), 3)).dataSync()[0] : 0;
    return { all, diagonal };
  });
}

/** Unbiased MMD² with the KID kernel between the rows of `a` and of `b` (`dim` values each). */
export function kernelInceptionDistance(a: Float32Array, b: Float32Array, dim: number): number {
  const n = a.length / dim;
  const m = b.length / dim;
  if (n < 2 || m < 2) throw new Error('KID needs at least two feature vectors on each side');
  return tf.tidy(() => {
    const x = tf.tensor2d(a, [n, dim]);
    const y = tf.tensor2d(b, [m, dim]);
    const xx = kernelSums(x, x, dim);
    const yy = kernelSums(y, y, dim);
    const xy = kernelSums(x, y, dim);
    return (xx.all - xx.diagonal) / (n * (n - 1)) + (yy.all - yy.diagonal) / (m * (m - 1)) - (2 * xy.all) / (n * m);
  });
}
