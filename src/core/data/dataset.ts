// The real-data side of training: a source of batches with a known sample shape. Pure.
import type { Shape } from '../experiment/types';
import type { LabelledSamples } from './labelledSamples';

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
  /** Streamed data: makes the next `count` samples ready (decoding them if need be) and starts on
   * the ones after. Training awaits it before each step and before drawing real samples. */
  prefetch?(count: number): Promise<void>;
  /** File data: how many samples, and the files left out because they could not be read. */
  readonly health?: DataHealth;
  /** Where the data's random streams and epoch position are, as plain JSON: a resumed run draws
   * exactly the batches the uninterrupted run would have drawn. */
  saveState?(): unknown;
  /** Continues from `saveState`'s value; throws when it is not one of this data's states. */
  restoreState?(state: unknown): void;
  /** Data with class labels (MNIST, IDX with a labels file, image folders by subfolder): every
   * sample with its label, for the classifier the image metrics use. Read once, at the start of a
   * run (an image folder is decoded whole into its cache for it). */
  labelled?(): Promise<LabelledSamples>;
  dispose?(): void;
}

export interface DataHealth {
  samples: number;
  /** Samples left out (`onError: skip`) because their file could not be decoded. */
  skipped: number;
  /** A few of them, each with its path and reason. */
  skippedExamples: string[];
}
