import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { createDataset } from '../../../src/core/data/createDataset';
import { dataShape, discriminatorInputShape } from '../../../src/core/experiment/shapes';
import type { BuiltinDataSpec, Experiment } from '../../../src/core/experiment/types';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';
import { buildNetwork } from '../../../src/core/model/buildNetwork';
import { GanTrainer, packSamples, type StepStats } from '../../../src/core/training/ganTrainer';
import { useBackend } from '../../helpers/backend';
import { tinyExperiment } from '../../helpers/experiments';

function experiment(overrides: Record<string, unknown> = {}): Experiment {
  const r = validateExperimentText(JSON.stringify(tinyExperiment(overrides)));
  assert.ok(r.experiment, r.diagnostics.map((d) => d.message).join('\n'));
  return r.experiment;
}

function makeTrainer(exp: Experiment): GanTrainer {
  const g = buildNetwork('generator', exp.generator.layers, [exp.latent.dim], exp.seed + 1);
  const d = buildNetwork(
    'discriminator',
    exp.discriminator.layers,
    discriminatorInputShape(dataShape(exp.data)!, exp.discriminator.pack),
    exp.seed + 2,
  );
  return new GanTrainer(exp, g, d, createDataset(exp.data as BuiltinDataSpec, exp.seed), exp.seed + 3);
}

function disposeAll(t: GanTrainer) {
  t.dispose();
  t.generator.dispose();
  t.discriminator.dispose();
}

function losses(exp: Experiment, steps: number): StepStats[] {
  const t = makeTrainer(exp);
  try {
    return Array.from({ length: steps }, () => t.trainStep(true)!);
  } finally {
    disposeAll(t);
  }
}

const dcgan = {
  data: { source: 'mnist', digits: [0, 1], limit: 64 },
  latent: { dim: 8 },
  generator: {
    layers: [
      { type: 'dense', units: 7 * 7 * 4 },
      { type: 'reshape', targetShape: [7, 7, 4] },
      { type: 'batchNormalization' },
      { type: 'leakyReLU' },
      { type: 'conv2dTranspose', filters: 4, kernelSize: 4, strides: 2 },
      { type: 'activation', activation: 'relu' },
      { type: 'conv2dTranspose', filters: 1, kernelSize: 4, strides: 2, activation: 'tanh' },
    ],
  },
  training: { steps: 10, batchSize: 8 },
};

describe('GanTrainer', () => {
  before(() => useBackend());

  it('gives the same losses step for step under the same seed, and others under another', () => {
    const a = losses(experiment(), 5);
    const b = losses(experiment(), 5);
    const c = losses(experiment({ seed: 4 }), 5);
    assert.deepStrictEqual(a, b);
    assert.notDeepStrictEqual(a, c);
  });

  it('repeats step for step with dropout in the discriminator too', () => {
    const withDropout = {
      discriminator: {
        layers: [
          { type: 'dense', units: 16, activation: 'relu' },
          { type: 'dropout', rate: 0.3 },
          { type: 'dense', units: 1 },
        ],
      },
    };
    assert.deepStrictEqual(losses(experiment(withDropout), 4), losses(experiment(withDropout), 4));
  });

  it('adds seeded instance noise to what the discriminator judges, fading to none at the last step', () => {
    const noisy = { training: { steps: 4, batchSize: 16, instanceNoise: 0.5 } };
    const a = losses(experiment(noisy), 4);
    assert.deepStrictEqual(losses(experiment(noisy), 4), a, 'the noise is seeded');
    const plain = losses(experiment({ training: { steps: 4, batchSize: 16 } }), 4);
    assert.notDeepStrictEqual(a[0], plain[0], 'the first step sees noise');
    const t = makeTrainer(experiment(noisy));
    try {
      const stds = [t.instanceNoiseStd()];
      for (let i = 0; i < 4; i++) {
        t.trainStep(false);
        stds.push(t.instanceNoiseStd());
      }
      assert.deepStrictEqual(
        stds,
        [0.5, 0.375, 0.25, 0.125, 0],
        'linear from the set deviation to none after the last step',
      );
    } finally {
      disposeAll(t);
    }
  });

  const setups: Array<[string, Record<string, unknown>]> = [
    ['bce on dense networks', {}],
    [
      'wgan-gp with 2 critic steps, layer norm and leaky ReLU',
      {
        loss: 'wgan-gp',
        training: { steps: 10, batchSize: 16, dSteps: 2 },
        discriminator: {
          layers: [
            { type: 'dense', units: 16, activation: 'leakyRelu' },
            { type: 'layerNormalization' },
            { type: 'dense', units: 1 },
          ],
        },
      },
    ],
    [
      'wgan-gp through ELU and SELU (second derivatives of their gradients)',
      {
        loss: 'wgan-gp',
        discriminator: {
          layers: [
            { type: 'dense', units: 16, activation: 'elu' },
            { type: 'dense', units: 16, activation: 'selu' },
            { type: 'dense', units: 1 },
          ],
        },
      },
    ],
    [
      'hinge with batch norm and dropout',
      {
        loss: 'hinge',
        discriminator: {
          layers: [
            { type: 'dense', units: 16 },
            { type: 'batchNormalization' },
            { type: 'leakyReLU' },
            { type: 'dropout', rate: 0.3 },
            { type: 'dense', units: 1 },
          ],
        },
      },
    ],
    [
      'lsgan on a convolutional GAN with a packed discriminator',
      {
        ...dcgan,
        loss: 'lsgan',
        discriminator: {
          pack: 2,
          layers: [
            { type: 'conv2d', filters: 4, kernelSize: 4, strides: 2 },
            { type: 'leakyReLU' },
            { type: 'flatten' },
            { type: 'dense', units: 1 },
          ],
        },
      },
    ],
    [
      'instance noise on a packed discriminator',
      {
        training: { steps: 10, batchSize: 16, instanceNoise: 0.3 },
        discriminator: {
          pack: 2,
          layers: [
            { type: 'dense', units: 16, activation: 'relu' },
            { type: 'dense', units: 1 },
          ],
        },
      },
    ],
    [
      'wgan-gp on a convolutional critic',
      {
        ...dcgan,
        loss: 'wgan-gp',
        discriminator: {
          layers: [
            { type: 'conv2d', filters: 4, kernelSize: 4, strides: 2 },
            { type: 'leakyReLU' },
            { type: 'flatten' },
            { type: 'dense', units: 1 },
          ],
        },
      },
    ],
  ];
  for (const [what, overrides] of setups) {
    it(`does not grow the tensor count from step to step: ${what}`, () => {
      const t = makeTrainer(experiment(overrides));
      try {
        t.trainStep(true);
        t.trainStep(false);
        const before = tf.memory().numTensors;
        for (let i = 0; i < 3; i++) {
          const s = t.trainStep(i % 2 === 0);
          if (s) assert.ok(Number.isFinite(s.dLoss) && Number.isFinite(s.gLoss), JSON.stringify(s));
          assert.strictEqual(tf.memory().numTensors, before, `after step ${i + 3}`);
        }
      } finally {
        disposeAll(t);
      }
    });
  }

  it('learns: the generator moves a 1-D Gaussian from 0 to its mean of 3', () => {
    const exp = experiment({
      data: { source: 'gaussian', dim: 1, mean: 3, std: 0.5 },
      generator: {
        layers: [
          { type: 'dense', units: 16, activation: 'relu' },
          { type: 'dense', units: 1 },
        ],
      },
      training: {
        steps: 600,
        batchSize: 64,
        generatorOptimizer: { learningRate: 0.005 },
        discriminatorOptimizer: { learningRate: 0.005 },
      },
    });
    const t = makeTrainer(exp);
    const meanOfSamples = () =>
      tf.tidy(() => tf.mean(t.generator.predict(t.sampleNoise(500)) as tf.Tensor).dataSync()[0]);
    try {
      const before = meanOfSamples();
      for (let i = 0; i < 600; i++) t.trainStep(false);
      const after = meanOfSamples();
      assert.ok(Math.abs(before - 3) > 2, `starts away from 3: ${before}`);
      assert.ok(Math.abs(after - 3) < 0.4, `ends near 3: ${after}`);
    } finally {
      disposeAll(t);
    }
  });

  it("keeps a moving average of the generator's weights, warming up as TensorFlow's EMA does", () => {
    const exp = experiment({ training: { steps: 10, batchSize: 16, generatorAverage: 0.9 } });
    const g = buildNetwork('generator', exp.generator.layers, [exp.latent.dim], exp.seed + 1);
    const avg = buildNetwork('generatorAverage', exp.generator.layers, [exp.latent.dim], exp.seed + 9);
    const d = buildNetwork(
      'discriminator',
      exp.discriminator.layers,
      discriminatorInputShape(dataShape(exp.data)!, exp.discriminator.pack),
      exp.seed + 2,
    );
    const t = new GanTrainer(exp, g, d, createDataset(exp.data as BuiltinDataSpec, exp.seed), exp.seed + 3, avg);
    const weights = (m: typeof g) => m.getWeights().map((x) => Array.from(x.dataSync()));
    try {
      assert.deepStrictEqual(weights(avg), weights(g), 'the average starts as the generator');
      const a0 = weights(avg);
      t.trainStep(false);
      const live = weights(g);
      const decay = Math.min(0.9, 2 / 11); // (1 + step) / (10 + step) after the first step
      weights(avg).forEach((tensor, i) =>
        tensor.forEach((v, j) => {
          const expected = decay * a0[i][j] + (1 - decay) * live[i][j];
          assert.ok(Math.abs(v - expected) < 1e-5, `weight ${i}[${j}]: ${v} vs ${expected}`);
        }),
      );
      assert.notDeepStrictEqual(weights(avg), live, 'the average lags the live weights');
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) t.trainStep(i % 2 === 0);
      assert.strictEqual(tf.memory().numTensors, before, 'no tensor leaks from the average');
    } finally {
      disposeAll(t);
      avg.dispose();
    }
  });

  it('packs samples side by side for PacGAN', () => {
    tf.tidy(() => {
      const flat = packSamples(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]), 2);
      assert.deepStrictEqual(flat.arraySync(), [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ]);
      const img = packSamples(tf.tensor4d([1, 2, 3, 4], [2, 1, 2, 1]), 2);
      assert.deepStrictEqual(img.shape, [1, 1, 2, 2]);
      assert.deepStrictEqual(Array.from(img.dataSync()), [1, 3, 2, 4]);
    });
  });
});
