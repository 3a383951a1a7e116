// One GAN training step at a time: dSteps discriminator updates, then one generator update, each
// inside the optimiser's tidy scope so no tensor outlives its step.
// Runs in the trainer process; no VS Code API.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Dataset } from '../data/dataset';
import type { Experiment } from '../experiment/types';
import type { TrainingAdjustment } from '../run/runRecords';
import { layerSpecIndex } from '../model/buildNetwork';
import { SeededDropout } from '../model/seededDropout';
import { SeededRandom, type RandomState } from '../random';
import { discriminatorLoss, generatorLoss, scoreSummary } from './losses';
import { createOptimizer, learningRateAt, setLearningRate } from './optimizers';
import { registerSecondOrderGradients } from './secondOrderGradients';

export interface StepStats {
  dLoss: number;
  gLoss: number;
  /** Mean D(x) on the real batch: a probability under bce, a raw score otherwise. */
  dReal: number;
  /** Mean D(G(z)) on the fake batch, in the same units as dReal. */
  dFake: number;
  /** Global L2 norms of the generator's and the discriminator's (last) gradients. */
  gGradNorm: number;
  dGradNorm: number;
}

/** Whether every value of `t` is finite (one read back). */
const allFinite = (t: tf.Tensor): boolean => tf.all(tf.isFinite(t)).dataSync()[0] === 1;

/** sqrt of the sum of every gradient's squares: one number per network (TensorFlow's global norm). */
function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
  return tf.sqrt(squares.length > 1 ? tf.addN(squares) : squares[0]) as tf.Scalar;
}

/**
 * optimizer.minimize, which keeps the gradients' global norm when asked: the same gradients,
 * applied the same way, so a run's values do not depend on whether a step is logged.
 */
function minimizeKeepingNorm(
  optimizer: tf.Optimizer,
  loss: () => tf.Scalar,
  vars: tf.Variable[],
  keep: boolean,
): { cost: tf.Scalar | null; norm?: tf.Scalar } {
  const { value, grads } = optimizer.computeGradients(loss, vars);
  const norm = keep ? tf.keep(tf.tidy(() => globalNorm(grads))) : undefined;
  optimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name] })));
  tf.dispose(grads);
  if (keep) return { cost: value, norm };
  value.dispose();
  return { cost: null };
}

/**
 * PacGAN packing: joins `pack` consecutive samples on the last axis, so the discriminator judges
 * them together ([B, d] -> [B/p, p*d]; [B, h, w, c] -> [B/p, h, w, p*c]).
 */
export function packSamples(x: tf.Tensor, pack: number): tf.Tensor {
  if (pack === 1) return x;
  const [batch, ...rest] = x.shape;
  if (rest.length === 1) return tf.reshape(x, [batch / pack, pack * rest[0]]);
  const grouped = tf.reshape(x, [batch / pack, pack, ...rest]);
  const moved = tf.transpose(grouped, [0, 2, 3, 1, 4]);
  return tf.reshape(moved, [batch / pack, rest[0], rest[1], pack * rest[2]]);
}

/** The trainer's own random streams, as a checkpoint keeps them. */
export interface TrainerRandomState {
  /** Latent noise, instance noise and the gradient penalty's interpolates. */
  noise: RandomState;
  /** Each SeededDropout layer's mask stream, in layer order. */
  dropout: { generator: RandomState[]; discriminator: RandomState[] };
}

const dropoutLayers = (model: tfl.LayersModel): SeededDropout[] =>
  model.layers.filter((l): l is SeededDropout => l instanceof SeededDropout);

const trainableVariables = (model: tfl.LayersModel): tf.Variable[] =>
  model.trainableWeights.map((w) => w.read() as tf.Variable);

export class GanTrainer {
  readonly generatorOptimizer: tf.Optimizer;
  readonly discriminatorOptimizer: tf.Optimizer;
  /** Steps done so far. */
  step = 0;
  /** Settings changed in the live run (interventions); each replaces the experiment's value. */
  adjustment: TrainingAdjustment = {};
  private readonly noise: SeededRandom;
  private readonly realBuffer: Float32Array;
  private readonly noiseBuffer: Float32Array;
  private readonly gVars: tf.Variable[];
  private readonly dVars: tf.Variable[];
  /** (average, live) weight pairs of the generator's moving average, when there is one. */
  private readonly averagePairs: Array<[tf.Variable, tf.Variable]>;

  constructor(
    readonly experiment: Experiment,
    readonly generator: tfl.LayersModel,
    readonly discriminator: tfl.LayersModel,
    readonly dataset: Dataset,
    noiseSeed: number,
    /** Same architecture as the generator; holds the moving average of its weights. */
    readonly generatorAverage?: tfl.LayersModel,
  ) {
    const t = experiment.training;
    this.generatorOptimizer = createOptimizer(t.generatorOptimizer);
    this.discriminatorOptimizer = createOptimizer(t.discriminatorOptimizer);
    this.noise = new SeededRandom(noiseSeed);
    this.realBuffer = new Float32Array(t.batchSize * dataset.sampleSize);
    this.noiseBuffer = new Float32Array(t.batchSize * experiment.latent.dim);
    this.gVars = trainableVariables(generator);
    this.dVars = trainableVariables(discriminator);
    this.averagePairs = [];
    if (generatorAverage) {
      // Every weight, batch-norm statistics included, so the average is a whole generator.
      generatorAverage.setWeights(generator.getWeights());
      const live = generator.weights.map((w) => w.read() as tf.Variable);
      generatorAverage.weights.forEach((w, i) => this.averagePairs.push([w.read() as tf.Variable, live[i]]));
    }
    if (experiment.loss === 'wgan-gp') registerSecondOrderGradients();
  }

  /** A batch of latent vectors from the trainer's own seeded stream. */
  sampleNoise(count = this.experiment.training.batchSize): tf.Tensor2D {
    const buf =
      count === this.experiment.training.batchSize
        ? this.noiseBuffer
        : new Float32Array(count * this.experiment.latent.dim);
    return tf.tensor2d(this.noise.fill(buf, this.experiment.latent.distribution), [count, this.experiment.latent.dim]);
  }

  private realBatch(): tf.Tensor {
    const b = this.experiment.training.batchSize;
    this.dataset.sampleBatch(b, this.realBuffer);
    return tf.tensor(this.realBuffer, [b, ...this.dataset.sampleShape]);
  }

  /** The instance noise of the current step: training.instanceNoise fading linearly to 0 after
   * the last step. */
  instanceNoiseStd(): number {
    const t = this.experiment.training;
    return t.instanceNoise * Math.max(0, 1 - this.step / t.steps);
  }

  private score(x: tf.Tensor): tf.Tensor {
    const std = this.instanceNoiseStd();
    const judged = std > 0 ? tf.add(x, tf.randomNormal(x.shape, 0, std, 'float32', this.noise.fork())) : x;
    return this.discriminator.apply(packSamples(judged, this.experiment.discriminator.pack), {
      training: true,
    }) as tf.Tensor;
  }

  /** WGAN-GP: lambda * E[(||grad D(x_hat)|| - 1)^2] on random interpolates of real and fake. */
  private gradientPenalty(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
    const b = real.shape[0];
    const epsShape = [b, ...real.shape.slice(1).map(() => 1)];
    const eps = tf.randomUniform(epsShape, 0, 1, 'float32', this.noise.fork());
    const mixed = tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake));
    const grads = tf.grad((x: tf.Tensor) => tf.sum(this.score(x)))(mixed);
    const axes = grads.shape.slice(1).map((_, i) => i + 1);
    const norms = tf.sqrt(tf.add(tf.sum(tf.square(grads), axes), 1e-12));
    return tf.mul(this.experiment.training.gradientPenalty, tf.mean(tf.square(tf.sub(norms, 1)))) as tf.Scalar;
  }

  /** Discriminator updates per step: the experiment's, or the live run's changed value. */
  get dSteps(): number {
    return this.adjustment.dSteps ?? this.experiment.training.dSteps;
  }

  /**
   * Runs one step. With `withStats` the losses and scores are read back (a sync per value), else
   * nothing leaves the backend and the method returns undefined. `part` runs only one network's
   * updates (an intervention while paused): they do not count as a step, and the other network's
   * values are NaN.
   */
  trainStep(withStats: boolean, part: 'both' | 'discriminator' | 'generator' = 'both'): StepStats | undefined {
    const exp = this.experiment;
    const t = exp.training;
    const a = this.adjustment;
    setLearningRate(
      this.generatorOptimizer,
      a.generatorLearningRate ?? learningRateAt(t.generatorOptimizer, this.step, t.steps),
    );
    setLearningRate(
      this.discriminatorOptimizer,
      a.discriminatorLearningRate ?? learningRateAt(t.discriminatorOptimizer, this.step, t.steps),
    );
    let dLoss: tf.Scalar | null = null;
    let dReal: tf.Scalar | undefined;
    let dFake: tf.Scalar | undefined;
    let dNorm: tf.Scalar | undefined;
    const dSteps = part === 'generator' ? 0 : this.dSteps;
    for (let k = 0; k < dSteps; k++) {
      const keepStats = withStats && k === dSteps - 1;
      const real = this.realBatch();
      const z = this.sampleNoise();
      const { cost, norm } = minimizeKeepingNorm(
        this.discriminatorOptimizer,
        () => {
          const fake = this.generator.apply(z, { training: true }) as tf.Tensor;
          const realScores = this.score(real);
          const fakeScores = this.score(fake);
          let loss = discriminatorLoss(exp.loss, realScores, fakeScores);
          if (exp.loss === 'wgan-gp' && t.gradientPenalty > 0) loss = tf.add(loss, this.gradientPenalty(real, fake));
          if (keepStats) {
            dReal = tf.keep(scoreSummary(exp.loss, realScores));
            dFake = tf.keep(scoreSummary(exp.loss, fakeScores));
          }
          return loss as tf.Scalar;
        },
        this.dVars,
        keepStats,
      );
      real.dispose();
      z.dispose();
      if (keepStats) [dLoss, dNorm] = [cost, norm];
    }
    let gLoss: tf.Scalar | null = null;
    let gNorm: tf.Scalar | undefined;
    if (part !== 'discriminator') {
      const z = this.sampleNoise();
      ({ cost: gLoss, norm: gNorm } = minimizeKeepingNorm(
        this.generatorOptimizer,
        () => generatorLoss(exp.loss, this.score(this.generator.apply(z, { training: true }) as tf.Tensor)),
        this.gVars,
        withStats,
      ));
      z.dispose();
    }
    if (part === 'both') this.step++;
    if (part !== 'discriminator') this.updateAverage();
    if (!withStats) return undefined;
    const read = (s: tf.Scalar | null | undefined): number => {
      if (!s) return NaN;
      const v = s.dataSync()[0];
      s.dispose();
      return v;
    };
    return {
      dLoss: read(dLoss),
      gLoss: read(gLoss),
      dReal: read(dReal),
      dFake: read(dFake),
      gGradNorm: read(gNorm),
      dGradNorm: read(dNorm),
    };
  }

  /**
   * avg <- d * avg + (1 - d) * live. The decay ramps up as (1 + step) / (10 + step) until it
   * reaches the configured one (as TensorFlow's ExponentialMovingAverage with num_updates), so
   * early samples are not dominated by the initial weights.
   */
  private updateAverage(): void {
    if (!this.averagePairs.length) return;
    const decay = Math.min(this.experiment.training.generatorAverage, (1 + this.step) / (10 + this.step));
    tf.tidy(() => {
      for (const [avg, live] of this.averagePairs) avg.assign(tf.add(tf.mul(avg, decay), tf.mul(live, 1 - decay)));
    });
  }

  randomState(): TrainerRandomState {
    return {
      noise: this.noise.getState(),
      dropout: {
        generator: dropoutLayers(this.generator).map((l) => l.maskState),
        discriminator: dropoutLayers(this.discriminator).map((l) => l.maskState),
      },
    };
  }

  /** Continues every random stream where `randomState()` found it (the step is set by the caller). */
  restoreRandomState(state: TrainerRandomState): void {
    this.noise.setState(state.noise);
    for (const [model, saved] of [
      [this.generator, state.dropout.generator],
      [this.discriminator, state.dropout.discriminator],
    ] as const) {
      const layers = dropoutLayers(model);
      if (layers.length !== saved.length)
        throw new Error(
          `the checkpoint has ${saved.length} dropout streams for ${model.name}, the network ${layers.length}`,
        );
      layers.forEach((l, i) => (l.maskState = saved[i]));
    }
  }

  /**
   * Where the numbers first went NaN or infinite: the first layer, generator then discriminator,
   * whose weights or whose output on a fresh noise batch is not finite. As the experiment's JSON
   * path and the layer's type, e.g. `generator.layers[2] (Dense), its weights`. Its noise comes
   * from a seed of its own, not the run's stream; only a failed run calls it.
   */
  firstNonFinite(): string | undefined {
    return tf.tidy(() => {
      const batch = this.experiment.training.batchSize;
      let x: tf.Tensor = tf.randomNormal([batch, this.experiment.latent.dim], 0, 1, 'float32', 1);
      for (const [net, model] of [
        ['generator', this.generator],
        ['discriminator', this.discriminator],
      ] as const) {
        if (net === 'discriminator') x = packSamples(x, this.experiment.discriminator.pack);
        for (const layer of model.layers) {
          const index = layerSpecIndex(layer);
          const where = `${net}.layers[${index ?? '?'}] (${layer.getClassName()})`;
          if (!layer.getWeights().every(allFinite)) return `${where}, its weights`;
          x = layer.apply(x, { training: true }) as tf.Tensor;
          if (!allFinite(x)) return `${where}, its output`;
        }
      }
      return undefined;
    });
  }

  /** True when every weight of both networks is finite (checked before a checkpoint is written). */
  weightsAreFinite(): boolean {
    return tf.tidy(() => [...this.gVars, ...this.dVars].every(allFinite));
  }

  dispose(): void {
    this.generatorOptimizer.dispose();
    this.discriminatorOptimizer.dispose();
  }
}
