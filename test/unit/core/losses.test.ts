import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { discriminatorLoss, generatorLoss, scoreSummary } from '../../../src/core/training/losses';
import { learningRateAt } from '../../../src/core/training/optimizers';
import type { OptimizerSpec } from '../../../src/core/experiment/types';
import { useBackend } from '../../helpers/backend';

const softplus = (x: number) => Math.log1p(Math.exp(x));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('losses', () => {
  before(() => useBackend());
  const real = [2, -1];
  const fake = [0.5, -3];
  const value = (t: tf.Scalar) => {
    const v = t.dataSync()[0];
    t.dispose();
    return v;
  };
  const cases: Array<[string, number, number]> = [
    ['bce', mean(real.map((r) => softplus(-r))) + mean(fake.map(softplus)), mean(fake.map((f) => softplus(-f)))],
    [
      'lsgan',
      0.5 * (mean(real.map((r) => (r - 1) ** 2)) + mean(fake.map((f) => f * f))),
      0.5 * mean(fake.map((f) => (f - 1) ** 2)),
    ],
    ['hinge', mean(real.map((r) => Math.max(0, 1 - r))) + mean(fake.map((f) => Math.max(0, 1 + f))), -mean(fake)],
    ['wgan-gp', mean(fake) - mean(real), -mean(fake)],
  ];
  for (const [loss, d, g] of cases) {
    it(`computes ${loss} for both networks from logits`, () => {
      const r = tf.tensor1d(real),
        f = tf.tensor1d(fake);
      assert.ok(Math.abs(value(discriminatorLoss(loss as never, r, f)) - d) < 1e-5);
      assert.ok(Math.abs(value(generatorLoss(loss as never, f)) - g) < 1e-5);
      r.dispose();
      f.dispose();
    });
  }

  it('reports D(x) as a probability under bce and as a raw score otherwise', () => {
    const r = tf.tensor1d([0, 0]);
    assert.strictEqual(value(scoreSummary('bce', r)), 0.5);
    assert.strictEqual(value(scoreSummary('hinge', r)), 0);
    r.dispose();
  });
});

describe('learning-rate schedules', () => {
  const spec = (schedule: OptimizerSpec['schedule']): OptimizerSpec => ({
    type: 'adam',
    learningRate: 0.01,
    beta1: 0.5,
    beta2: 0.999,
    momentum: 0,
    schedule,
    finalLearningRate: 0.001,
  });
  it('keeps a constant rate', () => assert.strictEqual(learningRateAt(spec('constant'), 50, 100), 0.01));
  it('decays linearly to the final rate at the last step', () => {
    assert.strictEqual(learningRateAt(spec('linear'), 0, 101), 0.01);
    assert.ok(Math.abs(learningRateAt(spec('linear'), 50, 101) - 0.0055) < 1e-12);
    assert.ok(Math.abs(learningRateAt(spec('linear'), 100, 101) - 0.001) < 1e-12);
  });
  it('follows a half cosine from the first to the final rate', () => {
    assert.ok(Math.abs(learningRateAt(spec('cosine'), 0, 101) - 0.01) < 1e-12);
    assert.ok(Math.abs(learningRateAt(spec('cosine'), 50, 101) - 0.0055) < 1e-12);
    assert.ok(Math.abs(learningRateAt(spec('cosine'), 100, 101) - 0.001) < 1e-12);
  });
});
