// GAN Lab's views of a 2-D GAN, computed in the trainer at each sample step: the generator's
// manifold (a grid of the latent plane pushed through G) and, for generated points, the direction
// the generator's loss pushes each one (where G is about to move it). Runs in the trainer process.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Experiment } from '../experiment/types';
import { packSamples } from './ganTrainer';
import { generatorLoss } from './losses';

/** Lines of the manifold's grid each way. */
export const MANIFOLD_SIZE = 15;
/** Generated points that get an arrow: enough to see the flow, few enough to read it. */
export const GRADIENT_POINTS = 200;

/**
 * G's image of a MANIFOLD_SIZE² grid over the latent plane of the first two latent coordinates
 * (the others 0): ±2 for normal latents (95 % of their mass), the whole [-1, 1] square for uniform
 * ones. Row after row, as x, y pairs.
 */
export function manifoldGrid(generator: tfl.LayersModel, exp: Experiment): number[] {
  const dim = exp.latent.dim;
  const extent = exp.latent.distribution === 'normal' ? 2 : 1;
  const n = MANIFOLD_SIZE;
  const z = new Float32Array(n * n * dim);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const at = (r * n + c) * dim;
      z[at] = -extent + (2 * extent * c) / (n - 1);
      if (dim > 1) z[at + 1] = extent - (2 * extent * r) / (n - 1);
    }
  return tf.tidy(() => {
    const out = generator.apply(tf.tensor2d(z, [n * n, dim]), { training: false }) as tf.Tensor2D;
    // The first two coordinates of what G makes (2-D data: all of it).
    return Array.from(tf.slice(out, [0, 0], [n * n, 2]).dataSync());
  });
}

/**
 * −∂L_G/∂x for each of the 2-D points `points` (x, y pairs): the way the generator's loss, through
 * the discriminator as it is now, pulls each generated point. Scaled so the longest is 1; the
 * scale is returned beside them. Points are dropped from the end to a multiple of `pack`.
 */
export function generatorPull(
  discriminator: tfl.LayersModel,
  exp: Experiment,
  points: number[],
): { directions: number[]; scale: number } {
  const pack = exp.discriminator.pack;
  const count = Math.floor(points.length / 2 / pack) * pack;
  if (count === 0) return { directions: [], scale: 0 };
  const grads = tf.tidy(() => {
    const x = tf.tensor2d(points.slice(0, count * 2), [count, 2]);
    const loss = (v: tf.Tensor) =>
      generatorLoss(exp.loss, discriminator.apply(packSamples(v, pack), { training: false }) as tf.Tensor);
    // The mean loss's gradient is the per-point one over `count` batches of pack: scaled back, so
    // the scale means the loss's slope at one point.
    return tf.mul(tf.grad(loss)(x), -count / pack).dataSync();
  });
  let longest = 0;
  for (let i = 0; i < count; i++) longest = Math.max(longest, Math.hypot(grads[2 * i], grads[2 * i + 1]));
  const directions = Array.from(grads, (g) => (longest > 0 ? Math.round((g / longest) * 1e3) / 1e3 : 0));
  return { directions, scale: longest };
}
