// Near-duplicate samples: the sign of mode collapse where there are no modes to count (images). A
// generator that has collapsed maps most latent vectors to one or a few outputs, so most samples of
// a fixed latent batch have a near twin; real images almost never do. "Near" is relative to the
// data: a tenth of the real samples' median distance to their nearest neighbour. Runs wherever
// TensorFlow.js does.
import * as tf from '@tensorflow/tfjs-core';
import { squaredDistances } from './mmd';

/** Samples compared, of each set: 100 x 100 distances, a few milliseconds on wasm. */
export const DUPLICATE_SAMPLES = 100;
/** A twin is closer than this fraction of the real median nearest-neighbour distance: a quarter
 * counted most of a healthy generator's blurry mid-training digits as twins; a tenth counts none
 * of them, and still every copy of a collapsed generator's one image. */
const TWIN_DISTANCE = 0.1;

/** Each of the first `n` rows' distance to its nearest other row. */
function nearestNeighbourDistances(samples: Float32Array, dim: number): Float32Array {
  const n = Math.min(DUPLICATE_SAMPLES, Math.floor(samples.length / dim));
  return tf.tidy(() => {
    const x = tf.tensor2d(samples.subarray(0, n * dim), [n, dim]);
    const squared = squaredDistances(x, x);
    // A row is not its own neighbour. (Finite in float32: an infinity times the zeros off the
    // diagonal would be NaN.)
    const self = tf.mul(tf.eye(n), 1e30);
    return tf.sqrt(tf.min(tf.add(squared, self), 1)).dataSync() as Float32Array;
  });
}

export class NearDuplicateReference {
  /** The twin distance for these data. */
  readonly threshold: number;

  constructor(real: Float32Array, dim: number) {
    const nearest = Array.from(nearestNeighbourDistances(real, dim)).sort((a, b) => a - b);
    this.threshold = TWIN_DISTANCE * nearest[Math.floor(nearest.length / 2)];
  }

  /** The fraction of the first samples that have a near twin among them (0 when fewer than 2). */
  fraction(samples: Float32Array, dim: number): number {
    if (samples.length < 2 * dim) return 0;
    const nearest = nearestNeighbourDistances(samples, dim);
    let twins = 0;
    for (const d of nearest) if (d < this.threshold) twins++;
    return twins / nearest.length;
  }
}
