// Measures and previews the generator: quality metrics on a fixed latent batch, and a preview image
// (a grid of digits, or points over the discriminator's heat map).
// Runs in the trainer process; no VS Code API.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Dataset } from '../data/dataset';
import type { Experiment } from '../experiment/types';
import type { ClassifierMetrics } from '../metrics/classifierMetrics';
import { KidReference } from '../metrics/kid';
import { MmdReference } from '../metrics/mmd';
import { modeCoverage } from '../metrics/modeCoverage';
import { NearDuplicateReference } from '../metrics/nearDuplicates';
import { SeededRandom } from '../random';
import { boundsOf, HEATMAP_SIZE, heatmapGrid, imageGridPng, scatterPng, type PlotBounds } from '../render/samplePlots';
import type { MetricsRecord, PointsPreview } from '../run/runRecords';
import { packSamples } from './ganTrainer';
import { generatorPull, GRADIENT_POINTS, MANIFOLD_SIZE, manifoldGrid } from './planeViews';

/** Samples on each side of the MMD estimate: its cost grows with the square of this. */
const MMD_SAMPLES = 500;
/** Real samples the evaluator draws when it starts (streamed data prefetches them). */
export const EVALUATION_REAL_SAMPLES = MMD_SAMPLES;
/** Points drawn in a 2-D preview, of each kind. */
const PREVIEW_POINTS = 1000;

export type QualityMetrics = Pick<
  MetricsRecord,
  | 'modesCovered'
  | 'modeCount'
  | 'highQualityFraction'
  | 'mmd'
  | 'duplicateFraction'
  | 'classesCovered'
  | 'classCount'
  | 'classKl'
  | 'confidence'
  | 'fid'
  | 'kid'
>;

export interface Evaluation {
  quality: QualityMetrics;
  png: Buffer;
  points?: PointsPreview;
}

/** The first two coordinates of up to `limit` samples of `dim` values each, as x, y pairs. */
export function firstTwoCoordinates(samples: Float32Array, dim: number, limit: number): number[] {
  const n = Math.min(limit, Math.floor(samples.length / dim));
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(samples[i * dim], dim > 1 ? samples[i * dim + 1] : 0);
  return out;
}

export class Evaluator {
  private readonly evalZ: tf.Tensor2D;
  private readonly previewZ: tf.Tensor2D;
  private readonly real: Float32Array;
  private readonly mmd: MmdReference;
  /** Images only: on points, modes covered says more. */
  private readonly duplicates?: NearDuplicateReference;
  /** Images without a classifier: KID on pixels, against the MMD's real samples. */
  private readonly pixelKid?: KidReference;
  private readonly bounds?: PlotBounds;
  /** Milliseconds the classifier's metrics took, in all, and how many evaluations made them. */
  private classifierMs = 0;
  private classifierEvaluations = 0;

  constructor(
    private readonly experiment: Experiment,
    private readonly dataset: Dataset,
    private readonly generator: tfl.LayersModel,
    private readonly discriminator: tfl.LayersModel,
    seed: number,
    /** Labelled image data: classes, KL, confidence, FID and KID by the data's classifier. */
    private readonly classifier?: ClassifierMetrics,
  ) {
    const rng = new SeededRandom(seed);
    const dim = experiment.latent.dim;
    const draw = (n: number) =>
      tf.keep(tf.tensor2d(rng.fill(new Float32Array(n * dim), experiment.latent.distribution), [n, dim]));
    this.evalZ = draw(experiment.samples.evaluationCount);
    this.previewZ = draw(experiment.samples.count);
    this.real = new Float32Array(MMD_SAMPLES * dataset.sampleSize);
    dataset.sampleBatch(MMD_SAMPLES, this.real);
    this.mmd = new MmdReference(this.real, dataset.sampleSize);
    if (dataset.kind === 'images') this.duplicates = new NearDuplicateReference(this.real, dataset.sampleSize);
    if (dataset.kind === 'images' && !classifier) this.pixelKid = new KidReference(this.real, dataset.sampleSize);
    if (dataset.kind === 'points')
      this.bounds = boundsOf(firstTwoCoordinates(this.real, dataset.sampleSize, MMD_SAMPLES));
  }

  /** Real samples as the discriminator sees them, in the grid the generated ones are drawn in. */
  realImagesPng(): Buffer | undefined {
    if (this.dataset.kind !== 'images' || this.dataset.sampleShape.length !== 3) return undefined;
    const n = Math.min(this.experiment.samples.count, MMD_SAMPLES);
    const [h, w, c] = this.dataset.sampleShape;
    return imageGridPng(this.real.subarray(0, n * this.dataset.sampleSize), n, h, w, c);
  }

  /** Generated samples for `z`, in inference mode, as one flat array: a batch at a time, so a
   * thousand evaluation samples never hold a thousand samples' activations at once. */
  private generate(z: tf.Tensor2D): Float32Array {
    const [n, dim] = z.shape;
    const size = this.dataset.sampleSize;
    const out = new Float32Array(n * size);
    const batch = Math.max(1, this.experiment.training.batchSize);
    for (let at = 0; at < n; at += batch) {
      const rows = Math.min(batch, n - at);
      tf.tidy(() => {
        const part = rows === n ? z : tf.slice(z, [at, 0], [rows, dim]);
        out.set((this.generator.apply(part, { training: false }) as tf.Tensor).dataSync() as Float32Array, at * size);
      });
    }
    return out;
  }

  /** The discriminator's sigmoid output on the heat-map grid (each point packed with itself). */
  private heatmap(bounds: PlotBounds): number[] {
    const pack = this.experiment.discriminator.pack;
    const dim = this.dataset.sampleSize;
    const grid = heatmapGrid(bounds);
    const n = HEATMAP_SIZE * HEATMAP_SIZE;
    const input = new Float32Array(n * pack * dim);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < pack; p++) {
        input[(i * pack + p) * dim] = grid[2 * i];
        input[(i * pack + p) * dim + 1] = grid[2 * i + 1];
      }
    }
    return tf.tidy(() => {
      const x = tf.tensor2d(input, [n * pack, dim]);
      const scores = this.discriminator.apply(packSamples(x, pack), { training: false }) as tf.Tensor;
      return Array.from(tf.sigmoid(scores).dataSync());
    });
  }

  /** @param step the training step, written into a 2-D preview's picture. */
  evaluate(step?: number): Evaluation {
    const fake = this.generate(this.evalZ);
    const quality: QualityMetrics = {};
    if (this.dataset.modes && this.dataset.sampleSize === 2)
      Object.assign(quality, modeCoverage(fake, this.dataset.modes));
    const dim = this.dataset.sampleSize;
    quality.mmd = this.mmd.mmdSquared(fake.subarray(0, MMD_SAMPLES * dim));
    if (!Number.isFinite(quality.mmd)) quality.mmd = undefined;
    if (this.duplicates) quality.duplicateFraction = this.duplicates.fraction(fake, dim);
    if (this.classifier) {
      const started = performance.now();
      Object.assign(quality, this.classifier.measure(fake));
      this.classifierMs += performance.now() - started;
      this.classifierEvaluations++;
    } else if (this.pixelKid) {
      // Without a classifier KID is on pixels, as MMD is, with KID's kernel and no bandwidth.
      quality.kid = this.pixelKid.distance(fake.subarray(0, MMD_SAMPLES * dim));
    }

    if (this.dataset.kind === 'points' && this.bounds) {
      // Rounded: the preview is for the eye, and its JSON stays small.
      const take = (a: Float32Array) =>
        firstTwoCoordinates(a, dim, PREVIEW_POINTS).map((v) => Math.round(v * 1e4) / 1e4);
      // The heat map is D's view of the plane; for more than 2 dimensions there is no such plane.
      const heatmap = dim === 2 ? this.heatmap(this.bounds).map((v) => Math.round(v * 1e3) / 1e3) : [];
      const fakePoints = take(fake);
      const points: PointsPreview = {
        real: take(this.real),
        fake: fakePoints,
        bounds: this.bounds,
        heatmap,
        heatmapSize: HEATMAP_SIZE,
      };
      if (dim === 2) {
        // GAN Lab's views: where the latent plane lands, and where G is about to move its points.
        const round = (v: number) => Math.round(v * 1e4) / 1e4;
        points.manifold = manifoldGrid(this.generator, this.experiment).map(round);
        points.manifoldSize = MANIFOLD_SIZE;
        const pull = generatorPull(this.discriminator, this.experiment, fakePoints.slice(0, 2 * GRADIENT_POINTS));
        points.pull = pull.directions;
        points.pullScale = Number(pull.scale.toPrecision(4));
      }
      return {
        quality,
        png: scatterPng(points.real, points.fake, this.bounds, heatmap.length ? heatmap : undefined, 320, step),
        points,
      };
    }
    const preview = this.generate(this.previewZ);
    const [h, w, c] = this.dataset.sampleShape.length === 3 ? this.dataset.sampleShape : [28, 28, 1];
    return { quality, png: imageGridPng(preview, this.experiment.samples.count, h, w, c) };
  }

  /** The classifier's cost so far: mean milliseconds per evaluation. */
  classifierCost(): { evaluationMs: number; evaluations: number } | undefined {
    if (!this.classifierEvaluations) return undefined;
    return { evaluationMs: this.classifierMs / this.classifierEvaluations, evaluations: this.classifierEvaluations };
  }

  dispose(): void {
    this.evalZ.dispose();
    this.previewZ.dispose();
  }
}
