import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Experiment } from '../../../src/core/experiment/types';
import type { MetricsRecord } from '../../../src/core/run/runRecords';
import { AlarmWatch, type Alarm } from '../../../src/core/training/alarms';

/** A recorded run of the engine: its experiment.json and its metrics.jsonl. */
function recorded(name: string): { experiment: Experiment; records: MetricsRecord[] } {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'alarms', `${name}.json`), 'utf8'));
}

function replay(experiment: Experiment, records: MetricsRecord[]): Alarm[] {
  const watch = new AlarmWatch(experiment);
  return records.flatMap((r) => watch.observe(r));
}

describe('failure alarms', () => {
  it('raise nothing on a healthy run (ring-8 as shipped: 8/8 modes, 93 % high quality)', () => {
    const { experiment, records } = recorded('ring-8-healthy');
    assert.deepStrictEqual(replay(experiment, records), []);
  });

  it('raise nothing on grid-25 as shipped, whose D(x) and D(G(z)) sit at 0.5 from the start while it covers 25/25', () => {
    const { experiment, records } = recorded('grid-25-healthy');
    assert.deepStrictEqual(replay(experiment, records), []);
  });

  it("raise nothing on a long healthy ring whose generator's gradient grows from 0.14 to 19 as D sharpens", () => {
    const { experiment, records } = recorded('long-ring-healthy');
    assert.deepStrictEqual(replay(experiment, records), []);
  });

  it('raise nothing on the shipped MNIST example evaluated every 100 steps, whose discriminator leads for a while early on', () => {
    // D(G(z)) averages 0.04 around step 400 and every sample has a near twin at steps 300 and
    // 400; then G catches up, and its loss swings by up to ±1 while MMD² keeps falling.
    const { experiment, records } = recorded('mnist-dense-early');
    const twins = records.filter((r) => r.duplicateFraction !== undefined).map((r) => r.duplicateFraction);
    assert.ok(twins.includes(1) && twins.includes(0), `near twins ${twins}`);
    assert.ok(records.every((r) => r.gGradNorm !== undefined));
    assert.deepStrictEqual(replay(experiment, records), []);
  });

  it('raise nothing on the shipped MNIST example as shipped (5,000 steps, evaluated every 500)', () => {
    const { experiment, records } = recorded('mnist-dense-healthy');
    assert.deepStrictEqual(replay(experiment, records), []);
  });

  it('raise nothing on the shipped DCGAN, whose first samples are all alike', () => {
    const { experiment, records } = recorded('mnist-dcgan-healthy');
    assert.deepStrictEqual(replay(experiment, records), []);
  });

  it('say the discriminator is winning, once, with its evidence and the field to change', () => {
    // D with 5 steps at 0.003 against G at 1e-5: D(x) near 1, D(G(z)) near 0 from the start.
    const { experiment, records } = recorded('d-wins');
    const alarms = replay(experiment, records);
    assert.deepStrictEqual(
      alarms.map((a) => a.id),
      ['discriminatorWins'],
    );
    const [a] = alarms;
    assert.strictEqual(a.step, records[49].step, 'as soon as the window is full');
    assert.match(a.message, /from step 10 to 500 it averaged D\(x\) = 0\.9\d\d and D\(G\(z\)\) = 0\.0\d\d/);
    assert.match(a.remedy, /lower "training\.dSteps" \(now 5\)/);
    assert.deepStrictEqual(a.field, ['training', 'dSteps']);
  });

  it('do not judge D(x) and D(G(z)) of critics whose scores are unbounded (hinge, WGAN-GP)', () => {
    const { experiment, records } = recorded('d-wins');
    assert.deepStrictEqual(replay({ ...experiment, loss: 'wgan-gp' }, records), []);
  });

  it('say mode collapse on a run that lost its modes (a 1-D latent, no learning-rate decay)', () => {
    // Modes covered, every 250 steps: 0 0 0 0 5 5 3 5 7 3 5 5 5 6 3 6.
    const { experiment, records } = recorded('ring-8-collapsing');
    const alarms = replay(experiment, records);
    assert.deepStrictEqual(
      alarms.map((a) => [a.id, a.step]),
      [['modeCollapse', 2750]],
    );
    assert.match(alarms[0].message, /covered 7 of 8 modes at step 2250, and 5 at step 2750/);
    assert.match(alarms[0].remedy, /set "discriminator\.pack" to 2 \(PacGAN\)/);
  });

  it('say mode collapse when the modes covered fall by a quarter for two evaluations running', () => {
    const { experiment } = recorded('ring-8-healthy');
    const at = (step: number, modesCovered: number): MetricsRecord => ({
      step,
      dLoss: 1.3,
      gLoss: 0.8,
      dReal: 0.5,
      dFake: 0.45,
      wallSeconds: step / 50,
      modesCovered,
      modeCount: 8,
    });
    // One bad evaluation is not a collapse; two running are.
    assert.deepStrictEqual(replay(experiment, [at(500, 8), at(1000, 5), at(1500, 8)]), []);
    const alarms = replay(experiment, [at(500, 7), at(1000, 8), at(1500, 5), at(2000, 4)]);
    assert.deepStrictEqual(
      alarms.map((a) => [a.id, a.step]),
      [['modeCollapse', 2000]],
    );
    assert.match(alarms[0].message, /covered 8 of 8 modes at step 1000, and 4 at step 2000/);
    assert.deepStrictEqual(alarms[0].field, ['discriminator', 'pack']);
  });

  it('say the losses oscillate on a run with learning rates far too high (0.02, Adam beta1 0.9)', () => {
    const { experiment, records } = recorded('oscillating');
    const alarms = replay(experiment, records);
    assert.deepStrictEqual(
      alarms.map((a) => [a.id, a.step]),
      [['lossesOscillate', 1400]],
    );
    assert.match(alarms[0].message, /from step 1010 to 1400 the generator's loss swung by ±0\.6\d or more/);
    assert.match(alarms[0].message, /MMD² is back at 0\.1802 \(step 1250\), against its best of 0\.0895 \(step 1000\)/);
    assert.match(
      alarms[0].remedy,
      /now 0\.02, and the discriminator's, now 0\.02\), and Adam's "beta1" to 0\.5 \(now 0\.9\)/,
    );
    assert.deepStrictEqual(alarms[0].field, ['training', 'generatorOptimizer', 'learningRate']);
  });

  it("say the generator's loss explodes under a hinge critic trained 3 steps at 0.003 against G at 1e-5", () => {
    // G loss by block of 20 logged steps: 1.8, 3.5, 6.4, 10.3, 13.4, ... 17.
    const { experiment, records } = recorded('hinge-strong-d');
    const alarms = replay(experiment, records);
    assert.deepStrictEqual(
      alarms.map((a) => [a.id, a.step]),
      [['generatorLossExplodes', 1000]],
    );
    assert.match(alarms[0].message, /averaged 1\.8\d\d from step 10 to 200, and 13\.\d+ from step 810 to 1000/);
    assert.deepStrictEqual(alarms[0].field, ['training', 'discriminatorOptimizer', 'learningRate']);
  });

  it('say nothing is being learned when D(x), D(G(z)) and MMD stay where they started (learning rates 1e-7)', () => {
    const { experiment, records } = recorded('no-learning');
    const alarms = replay(experiment, records);
    assert.deepStrictEqual(
      alarms.map((a) => [a.id, a.step]),
      [['noLearning', 1000]],
    );
    assert.match(alarms[0].message, /the generator covers 0 of 8 modes at step 1000 \(0 at step 250\)/);
    assert.match(alarms[0].remedy, /now 1e-7, and the discriminator's, now 1e-7/);
  });

  it('do not call a healthy equilibrium (D(x) and D(G(z)) near 0.5 throughout) no learning while quality improves', () => {
    const { experiment, records } = recorded('no-learning');
    // The same scores, with modes covered as a healthy run's.
    const covering = records.map((r) => (r.modesCovered === undefined ? r : { ...r, modesCovered: 8 }));
    assert.deepStrictEqual(replay(experiment, covering), []);
    // Images (no modes): an MMD² that falls.
    const images = records.map(({ modesCovered, modeCount, ...r }) => r); // eslint-disable-line @typescript-eslint/no-unused-vars
    assert.deepStrictEqual(
      replay(experiment, images).map((a) => a.id),
      ['noLearning'],
    );
    const falling = images.map((r) => (r.mmd === undefined ? r : { ...r, mmd: r.mmd * (250 / r.step) }));
    assert.deepStrictEqual(replay(experiment, falling), []);
  });

  it('do not judge oscillation or the explosion of a critic whose scale is its own (WGAN-GP)', () => {
    const { experiment, records } = recorded('hinge-strong-d');
    assert.deepStrictEqual(replay({ ...experiment, loss: 'wgan-gp' }, records), []);
  });

  it("say the generator's gradient explodes when a Wasserstein critic has no penalty (norm x100 from the start)", () => {
    const { experiment, records } = recorded('wgan-no-penalty');
    const alarms = replay(experiment, records);
    assert.deepStrictEqual(
      alarms.map((a) => [a.id, a.step]),
      [['gradientsExplode', 1600]],
    );
    assert.match(alarms[0].message, /its norm averaged 536 from step 1410 to 1600, against 4\.76 from step 10 to 200/);
    assert.match(alarms[0].remedy, /or raise "training\.gradientPenalty"/);
    assert.deepStrictEqual(alarms[0].field, ['training', 'generatorOptimizer', 'learningRate']);
  });

  it("say the generator's gradient vanished when its tanh output saturated (G at 0.05), with D winning", () => {
    // Its 64 samples are one saturated image from step 100 on.
    const { experiment, records } = recorded('mnist-saturated');
    const alarms = replay(experiment, records);
    assert.deepStrictEqual(
      alarms.map((a) => [a.id, a.step]),
      [
        ['nearDuplicates', 500],
        ['discriminatorWins', 520],
        ['gradientsVanish', 600],
      ],
    );
    assert.match(alarms[2].message, /its norm averaged \S+ from step 410 to 600, against 1\.01 from step 10 to 200/);
    assert.deepStrictEqual(alarms[2].field, ['training', 'generatorOptimizer', 'learningRate']);
  });

  it('say mode collapse on images when most of the fixed latent batch has near twins for 5 evaluations (a 1-D latent)', () => {
    // 64 copies of one noise pattern from step 100 on; its gradient then vanishes too.
    const { experiment, records } = recorded('mnist-collapsed');
    const alarms = replay(experiment, records);
    assert.deepStrictEqual(
      alarms.map((a) => a.id),
      ['nearDuplicates', 'gradientsVanish'],
    );
    assert.strictEqual(alarms[0].step, 500, 'at the fifth evaluation: it never made varied samples');
    assert.match(
      alarms[0].message,
      /100 % of the fixed latent batch's samples had a near twin at step 100, and 100 % at step 500, and at every evaluation between/,
    );
    assert.deepStrictEqual(alarms[0].field, ['discriminator', 'pack']);
  });

  it('say mode collapse on images 3 evaluations after the samples were varied', () => {
    const { experiment, records } = recorded('mnist-dense-early');
    const at = (step: number, duplicateFraction: number): MetricsRecord => ({ ...records[0], step, duplicateFraction });
    const alarms = replay(experiment, [
      at(100, 0.1),
      at(200, 0.9),
      at(300, 1),
      at(400, 0.5),
      at(500, 0.85),
      at(600, 0.9),
      at(700, 1),
    ]);
    assert.deepStrictEqual(
      alarms.map((a) => [a.id, a.step]),
      [['nearDuplicates', 700]],
    );
    assert.match(alarms[0].message, /85 % .* at step 500, and 100 % at step 700, against 10 % at step 100/);
  });
});
