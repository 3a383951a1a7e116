// The real-data side of training: a source of batches with a known sample shape. Pure.
import type { Shape } from '../experiment/types';

/** Mode centres of a Gaussian mixture, for the mode-coverage metrics. */
export interface MixtureModes {
  centers: Array<[number, number]>;
  std: number;
}

export interface Dataset {
  /** Shape of one sample, without the batch axis. */
  readonly sampleShape: Shape;
  /** Values per sample (the product of sampleShape). */
  readonly sampleSize: number;
  /** Set for Gaussian mixtures (ring, grid): enables modesCovered and highQualityFraction. */
  readonly modes?: MixtureModes;
  /** Images are previewed as a grid; other data as a 2-D scatter of its first two coordinates. */
  readonly kind: 'points' | 'images';
  /** Number of distinct samples held, or undefined for an unbounded generator. */
  readonly size?: number;
  /** Writes `batch` samples into `out` (length batch * sampleSize), row after row. */
  sampleBatch(batch: number, out: Float32Array): void;
}
