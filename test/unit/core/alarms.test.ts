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

  it('say the discriminator is winning, once, with its evidence and the field to change', () => {
    // D with 5 steps at 0.003 against G at 1e-5: D(x) near 1, D(G(z)) near 0 from the start.
    const { experiment, records } = recorded('d-wins');
    const alarms = replay(experiment, records);
    assert.deepStrictEqual(
      alarms.map((a) => a.id),
      ['discriminatorWins'],
    );
    const [a] = alarms;
    assert.strictEqual(a.step, records[19].step, 'as soon as the window is full');
    assert.match(a.message, /from step 10 to 200 it averaged D\(x\) = 0\.9\d\d and D\(G\(z\)\) = 0\.0\d\d/);
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
});
