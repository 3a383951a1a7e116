// Maximum mean discrepancy with a Gaussian kernel between two sample sets. Runs wherever
// TensorFlow.js does; on the backend, since image samples make the kernel matrices large.
import * as tf from '@tensorflow/tfjs-core';

/** Squared pairwise distances between the rows of x [n, d] and y [m, d]. */
function squaredDistances(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  const xx = tf.sum(tf.square(x), 1, true);
  const yy = tf.reshape(tf.sum(tf.square(y), 1), [1, -1]);
  return tf.relu(tf.sub(tf.add(xx, yy), tf.mul(2, tf.matMul(x, y, false, true)))) as tf.Tensor2D;
}

/**
 * A kernel bandwidth by the median heuristic: the median pairwise distance within `x`, so one value
 * fixed at the start of a run keeps MMD comparable from step to step.
 */
export function medianBandwidth(x: Float32Array, dim: number): number {
  return tf.tidy(() => {
    const n = x.length / dim;
    const t = tf.tensor2d(x, [n, dim]);
    const d = squaredDistances(t, t).dataSync();
    const off: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off.push(d[i * n + j]);
    off.sort((a, b) => a - b);
    const median = Math.sqrt(off[Math.floor(off.length / 2)] ?? 1);
    return median > 0 ? median : 1;
  });
}

/**
 * The unbiased estimate of MMD^2 (Gretton et al. 2012) with kernel exp(-|a-b|^2 / (2 sigma^2)).
 * Near 0 when both sets come from one distribution; may be slightly negative.
 */
export function mmdSquared(x: Float32Array, y: Float32Array, dim: number, sigma: number): number {
  return tf.tidy(() => {
    const n = x.length / dim;
    const m = y.length / dim;
    const a = tf.tensor2d(x, [n, dim]);
    const b = tf.tensor2d(y, [m, dim]);
    const k = (p: tf.Tensor2D, q: tf.Tensor2D) => tf.exp(tf.div(squaredDistances(p, q), -2 * sigma * sigma));
    // The diagonals of Kxx and Kyy are exactly 1: drop them for the unbiased estimate.
    const kxx = (tf.sum(k(a, a)).dataSync()[0] - n) / (n * (n - 1));
    const kyy = (tf.sum(k(b, b)).dataSync()[0] - m) / (m * (m - 1));
    const kxy = tf.mean(k(a, b)).dataSync()[0];
    return kxx + kyy - 2 * kxy;
  });
}
