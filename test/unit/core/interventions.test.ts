// Interventions in a live run are recorded with their steps and replayed exactly: a new run given a
// run's interventions, and a resumed run, give the losses of the run the user steered.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import type { Experiment } from '../../../src/core/experiment/types';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';
import { parseMetricsLines, readInterventions } from '../../../src/core/run/readRun';
import { checkResume } from '../../../src/core/run/resumePoint';
import type { InterventionRequest, MetricsRecord } from '../../../src/core/run/runRecords';
import { adjustmentAfter, InterventionQueue } from '../../../src/core/training/interventions';
import { runTraining } from '../../../src/core/training/runTraining';
import { tempDir } from '../../helpers/cli';
import { tinyExperiment } from '../../helpers/experiments';

function experiment(): Experiment {
  const r = validateExperimentText(
    JSON.stringify(
      tinyExperiment({
        training: { steps: 40, batchSize: 16, dSteps: 1 },
        log: { every: 1 },
        samples: { every: 20, count: 16, evaluationCount: 100 },
        checkpoint: { every: 10 },
      }),
    ),
  );
  assert.ok(r.experiment, r.diagnostics.map((d) => d.message).join('\n'));
  return r.experiment;
}

const losses = (runDir: string) =>
  parseMetricsLines(fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')).map(
    ({ step, dLoss, gLoss, dReal, dFake }: MetricsRecord) => ({ step, dLoss, gLoss, dReal, dFake }),
  );

/** What a user does at step 12: pause, one step of D, one of G, new learning rates and dSteps, go on. */
const SESSION: InterventionRequest[] = [
  { action: 'pause' },
  { action: 'stepDiscriminator' },
  { action: 'stepGenerator' },
  { action: 'set', set: { generatorLearningRate: 0.01, discriminatorLearningRate: 0.0005, dSteps: 2 } },
  { action: 'continue' },
];

describe('interventions in a live run', function () {
  this.timeout(120_000);
  before(() => selectBackend('wasm'));

  it('applies pause and continue, and offers one-network steps only while paused', () => {
    const q = new InterventionQueue();
    q.request({ action: 'stepDiscriminator' });
    q.request({ action: 'continue' });
    const all = () => [
      ...(function* () {
        for (let r = q.takeLive(); r; r = q.takeLive()) yield r.action;
      })(),
    ];
    assert.deepStrictEqual(all(), [], 'not paused: nothing to continue, no step to take');
    assert.ok(q.mayStep());
    q.request({ action: 'pause' });
    q.request({ action: 'pause' });
    q.request({ action: 'stepGenerator' });
    q.request({ action: 'stepBoth' });
    assert.deepStrictEqual(all(), ['pause', 'stepGenerator', 'stepBoth']);
    assert.ok(q.mayStep(), 'one full step was asked for');
    assert.ok(!q.mayStep(), 'then it waits again');
    // Replayed in step order, and in recorded order within a step.
    const at = '2026-12-03T06:00:00.000Z';
    const r = new InterventionQueue();
    r.replayFrom(
      [
        { action: 'set', set: { dSteps: 3 }, step: 40, at },
        { action: 'stepGenerator', step: 35, at },
        { action: 'pause', step: 35, at },
        { action: 'set', set: { dSteps: 2 }, step: 35, at },
      ],
      false,
    );
    assert.deepStrictEqual(r.takeReplayed(34), []);
    assert.deepStrictEqual(
      r.takeReplayed(35).map(({ intervention: i }) => i.action),
      ['stepGenerator', 'set'],
    );
    assert.deepStrictEqual(r.takeReplayed(40).length, 1);
    assert.deepStrictEqual(
      adjustmentAfter([
        { action: 'set', set: { dSteps: 3 } },
        { action: 'set', set: { dSteps: 1, generatorLearningRate: 0.1 } },
      ]),
      {
        dSteps: 1,
        generatorLearningRate: 0.1,
      },
    );
  });

  it('records what the user did with its step, and a replay gives the same losses step for step', async () => {
    const exp = experiment();
    const backend = await selectBackend('wasm');
    const steered = path.join(tempDir(), 'steered');
    const queue = new InterventionQueue();
    const paused: boolean[] = [];
    await runTraining({
      experiment: exp,
      runDir: steered,
      backend,
      interventions: queue,
      listener: {
        onMetrics: (r) => {
          if (r.step === 12) for (const request of SESSION) queue.request(request);
        },
        onIntervention: (_i, p) => paused.push(p),
      },
    });
    const recorded = readInterventions(steered);
    assert.deepStrictEqual(
      recorded.map((i) => [i.action, i.step]),
      SESSION.map((r) => [r.action, 12]),
    );
    assert.deepStrictEqual(paused, [true, true, true, true, false]);
    assert.ok(
      Number.isFinite(recorded[1].dLoss) && Number.isFinite(recorded[2].gLoss),
      'the one-network steps say their loss',
    );

    const plain = path.join(tempDir(), 'plain');
    await runTraining({ experiment: exp, runDir: plain, backend });
    const a = losses(steered);
    const b = losses(plain);
    assert.deepStrictEqual(a.slice(0, 12), b.slice(0, 12), 'the same until the user stepped in');
    assert.notDeepStrictEqual(a[12], b[12], 'the interventions changed the run');

    const replayed = path.join(tempDir(), 'replayed');
    await runTraining({ experiment: exp, runDir: replayed, backend, replay: recorded });
    assert.deepStrictEqual(losses(replayed), a);
    // The replay's own record holds what changed the numbers, so it can be replayed in turn.
    assert.deepStrictEqual(
      readInterventions(replayed).map((i) => i.action),
      ['stepDiscriminator', 'stepGenerator', 'set'],
    );
  });

  it('a resumed run keeps the settings changed before its checkpoint and replays the ones after', async () => {
    const exp = experiment();
    const backend = await selectBackend('wasm');
    const straight = path.join(tempDir(), 'straight');
    const at = (step: number, requests: InterventionRequest[]) => {
      const queue = new InterventionQueue();
      return {
        queue,
        onMetrics: (r: MetricsRecord) => {
          if (r.step === step) for (const request of requests) queue.request(request);
        },
      };
    };
    const first = at(12, SESSION);
    await runTraining({ experiment: exp, runDir: straight, backend, interventions: first.queue, listener: first });

    // The same session, stopped at step 20 (a checkpoint), then resumed.
    const resumed = path.join(tempDir(), 'resumed');
    const second = at(12, SESSION);
    let done = 0;
    await runTraining({
      experiment: exp,
      runDir: resumed,
      backend,
      interventions: second.queue,
      listener: { onMetrics: (r) => (second.onMetrics(r), (done = r.step)) },
      shouldStop: () => done >= 19,
    });
    const check = checkResume(resumed, exp);
    assert.ok(check.ok, !check.ok ? check.message : '');
    assert.strictEqual(check.point.state.step, 20);
    await runTraining({ experiment: exp, runDir: resumed, backend, startFrom: { point: check.point, mode: 'resume' } });
    assert.deepStrictEqual(losses(resumed), losses(straight));
  });
});
