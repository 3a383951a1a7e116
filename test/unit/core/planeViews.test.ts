import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import type { Experiment } from '../../../src/core/experiment/types';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';
import { buildNetwork } from '../../../src/core/model/buildNetwork';
import { packSamples } from '../../../src/core/training/ganTrainer';
import { generatorLoss } from '../../../src/core/training/losses';
import { generatorPull, MANIFOLD_SIZE, manifoldGrid } from '../../../src/core/training/planeViews';
import { SeededRandom } from '../../../src/core/random';
import { useBackend } from '../../helpers/backend';
import { tinyExperiment } from '../../helpers/experiments';

function experiment(overrides: Record<string, unknown> = {}): Experiment {
  const r = validateExperimentText(JSON.stringify(tinyExperiment(overrides)));
  assert.ok(r.experiment, r.diagnostics.map((d) => d.message).join('\n'));
  return r.experiment;
}

describe("GAN Lab's views of a 2-D GAN", () => {
  before(() => useBackend());

  it('pushes a grid over the latent plane through the generator, corner to corner', () => {
    const exp = experiment();
    const g = buildNetwork('generator', exp.generator.layers, [exp.latent.dim], 1);
    try {
      const grid = manifoldGrid(g, exp);
      assert.strictEqual(grid.length, MANIFOLD_SIZE * MANIFOLD_SIZE * 2);
      // The first point is G at the top-left corner of the latent square (-2, 2, 0, 0); the last
      // at the bottom-right (2, -2, 0, 0).
      const at = (z: number[]) =>
        Array.from(tf.tidy(() => (g.apply(tf.tensor2d([z]), { training: false }) as tf.Tensor).dataSync()));
      const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-5);
      assert.ok(close(grid.slice(0, 2), at([-2, 2, 0, 0])), `${grid.slice(0, 2)}`);
      assert.ok(close(grid.slice(-2), at([2, -2, 0, 0])), `${grid.slice(-2)}`);
    } finally {
      g.dispose();
    }
  });

  for (const [loss, pack] of [
    ['bce', 1],
    ['lsgan', 2],
  ] as const) {
    it(`points each generated point the way that lowers the generator's loss (${loss}, pack ${pack})`, () => {
      const exp = experiment({
        loss,
        discriminator: {
          layers: [
            { type: 'dense', units: 16, activation: 'tanh' },
            { type: 'dense', units: 1 },
          ],
          pack,
        },
      });
      const d = buildNetwork('discriminator', exp.discriminator.layers, [2 * pack], 2);
      try {
        const rng = new SeededRandom(5);
        const points = Array.from({ length: 2 * 40 }, () => rng.normal());
        const before = tf.memory().numTensors;
        const { directions, scale } = generatorPull(d, exp, points);
        assert.strictEqual(tf.memory().numTensors, before);
        assert.strictEqual(directions.length, points.length);
        const lengths = Array.from({ length: 40 }, (_, i) => Math.hypot(directions[2 * i], directions[2 * i + 1]));
        assert.ok(Math.abs(Math.max(...lengths) - 1) < 2e-3, `longest ${Math.max(...lengths)}`);
        assert.ok(scale > 0);
        const lossAt = (p: number[]) =>
          tf.tidy(
            () =>
              generatorLoss(exp.loss, d.apply(packSamples(tf.tensor2d(p, [40, 2]), pack)) as tf.Tensor).dataSync()[0],
          );
        const step = 1e-2;
        const along = points.map((v, i) => v + step * directions[i]);
        const against = points.map((v, i) => v - step * directions[i]);
        assert.ok(lossAt(along) < lossAt(points), 'moving along the arrows lowers the loss');
        assert.ok(lossAt(against) > lossAt(points), 'and against them raises it');
      } finally {
        d.dispose();
      }
    });
  }
});
