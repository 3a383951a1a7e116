// The whole training run: builds data and networks from a validated experiment, steps the trainer,
// records metrics, samples and checkpoints in the run folder, and stops cleanly on request, on
// divergence or on error. Runs in the trainer process; no VS Code API.
import type { BackendChoice } from '../backend/selectBackend';
import { openDataset, type DatasetOptions } from '../data/createDataset';
import type { Dataset } from '../data/dataset';
import { discriminatorInputShape } from '../experiment/shapes';
import type { Experiment } from '../experiment/types';
import { buildNetwork } from '../model/buildNetwork';
import { SeededRandom } from '../random';
import { readRun } from '../run/readRun';
import { ClassifierMetrics } from '../metrics/classifierMetrics';
import { qualityReferenceOf } from '../run/qualityReference';
import {
  REAL_SAMPLES,
  type DataInfo,
  type Intervention,
  type InterventionRequest,
  type MetricsRecord,
  type RunSummary,
  type SampleRecord,
} from '../run/runRecords';
import { RunStore } from '../run/runStore';
import type { ResumePoint } from '../run/resumePoint';
import { applyStartPoint } from './applyStartPoint';
import { wasmThreadControl } from '../backend/wasmThreads';
import { AlarmWatch, type Alarm } from './alarms';
import { adjustmentAfter, InterventionQueue } from './interventions';
import { ThreadTuner, type ThreadDecision } from './threadTuner';
import { EVALUATION_REAL_SAMPLES, Evaluator } from './evaluator';
import { GanTrainer } from './ganTrainer';

export interface Progress {
  stepsPerSecond: number;
  etaSeconds: number;
  /** Data files skipped so far because they could not be decoded (file data). */
  skipped?: number;
}

/** What a run reports as it goes; every callback is optional and must not throw. */
export interface RunListener {
  onStarted?(info: { runDir: string; totalSteps: number; backend: BackendChoice; data: DataInfo }): void;
  /** Every logged step (log.every), with losses and, on sample steps, quality metrics. */
  onMetrics?(record: MetricsRecord, progress: Progress): void;
  /** The logged steps just appended to metrics.jsonl: about once a second, and before every
   * sample, checkpoint and the summary. For viewers in another process, who need no more. */
  onMetricsWritten?(records: MetricsRecord[], progress: Progress): void;
  onSample?(sample: SampleRecord): void;
  onCheckpoint?(step: number): void;
  /** A failure alarm was recognised (see alarms.ts); it is in summary.json too. */
  onAlarm?(alarm: Alarm): void;
  /** An intervention was applied (and recorded); `paused` is whether the run now waits. */
  onIntervention?(intervention: Intervention, paused: boolean): void;
  /** The trainer is busy with something before its first step (training the data's classifier). */
  onPreparing?(message: string): void;
  /** The WebAssembly thread count was chosen by timing the first steps (see threadTuner.ts). */
  onThreads?(decision: ThreadDecision): void;
  onFinished?(summary: RunSummary): void;
}

export interface RunOptions {
  experiment: Experiment;
  runDir: string;
  backend: BackendChoice;
  listener?: RunListener;
  /** Checked between steps; training stops (with a checkpoint) at the first step it returns true. */
  shouldStop?: () => boolean;
  /** Milliseconds; injected so tests can control time. Default performance.now. */
  now?: () => number;
  /** How often (ms) the loop yields to the event loop, so stop requests and messages get through. */
  yieldEveryMs?: number;
  dataset?: DatasetOptions;
  /** A dataset made by the caller instead of the experiment's own (benchmarks compare a streamed
   * source with the same data held in memory). The run disposes it. */
  openDataset?: () => Promise<Dataset>;
  /**
   * Start from a checkpoint (see checkResume and readResumePoint): `resume` goes on in the run's
   * own folder (runDir must be point.runDir) exactly as if it had never stopped; `fork` starts
   * the new run in runDir from the checkpoint's weights, with the parent's metrics up to it.
   */
  startFrom?: { point: ResumePoint; mode: 'resume' | 'fork' };
  /** false: no classifier metrics on labelled images (benchmarks of the training step alone). */
  classifier?: boolean;
  /** Where a live run's interventions arrive (pause, one network's step, new learning rates). */
  interventions?: InterventionQueue;
  /** Another run's interventions to apply at their steps (`train --replay RUN_DIR`). */
  replay?: Intervention[];
}

/** Seeds of the run's independent random streams, all drawn from the experiment's one seed. */
export function seedsFor(seed: number) {
  const rng = new SeededRandom(seed);
  return {
    data: rng.fork(),
    generator: rng.fork(),
    discriminator: rng.fork(),
    noise: rng.fork(),
    evaluation: rng.fork(),
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runTraining(options: RunOptions): Promise<RunSummary> {
  const { experiment: exp, listener = {}, shouldStop = () => false } = options;
  const now = options.now ?? (() => performance.now());
  const yieldEvery = options.yieldEveryMs ?? 50;
  const seeds = seedsFor(exp.seed);
  let progress: Progress = { stepsPerSecond: 0, etaSeconds: 0 };
  const start = options.startFrom;
  const startStep = start?.point.state.step ?? 0;
  const storeOptions = {
    now,
    onMetricsWritten: (records: MetricsRecord[]) => listener.onMetricsWritten?.(records, progress),
  };
  // Before this there is no run to record: a folder that cannot be made is the caller's error.
  let store: RunStore;
  let baseWallSeconds = 0;
  if (start?.mode === 'resume') {
    store = RunStore.reopen(options.runDir, startStep, storeOptions).store;
    store.writeExperiment(exp, { backend: options.backend.name });
  } else {
    store = RunStore.create(options.runDir, exp, { backend: options.backend.name }, storeOptions);
    if (start) store.seedMetrics(readRun(start.point.runDir).metrics.filter((r) => r.step <= startStep));
  }
  if (start) baseWallSeconds = start.point.state.wallSeconds ?? lastWallSeconds(start.point.runDir, startStep);
  const previous = start?.mode === 'resume' ? start.point.summary : undefined;
  const summary: RunSummary = {
    status: 'running',
    name: exp.name,
    steps: startStep,
    totalSteps: exp.training.steps,
    backend: options.backend.name,
    stepsPerSecond: 0,
    wallSeconds: baseWallSeconds,
    startedAt: previous?.startedAt ?? new Date().toISOString(),
    pid: process.pid,
    metrics: previous?.metrics ?? {},
    ...(start?.mode === 'resume'
      ? {
          checkpointStep: startStep,
          resumes: [...(previous?.resumes ?? []), { step: startStep, at: new Date().toISOString() }],
        }
      : {}),
    ...(start?.mode === 'fork' ? { forkedFrom: { runDir: start.point.runDir, step: startStep } } : {}),
  };
  store.writeSummary(summary);

  // Everything built from here on is disposed in `finally`, whichever step of the setup fails.
  const owned: Array<{ dispose(): void }> = [];
  const own = <T extends { dispose(): void }>(x: T): T => {
    owned.push(x);
    return x;
  };
  const started = now();
  const startedCpu = process.cpuUsage();
  let step = startStep;
  /** Milliseconds spent paused: not training time. */
  let pausedMs = 0;
  /** Seconds since this process began training, pauses left out. */
  const sessionSeconds = () => (now() - started - pausedMs) / 1000;
  /** Seconds of training in all, a resumed run's earlier ones included: the metrics' time axis. */
  const elapsed = () => baseWallSeconds + sessionSeconds();
  /** Steps per second of this process (a resumed run's earlier speed is not this machine's now). */
  const speed = () => (step - startStep) / Math.max(sessionSeconds(), 1e-9);
  /** The summary's steps and timing as of now (wall and processor time since the first step). */
  const recordTiming = () => {
    const cpu = process.cpuUsage(startedCpu);
    summary.steps = step;
    summary.wallSeconds = elapsed();
    summary.cpuSeconds = (cpu.user + cpu.system) / 1e6;
    summary.stepsPerSecond = speed();
  };

  try {
    const dataset = await (options.openDataset?.() ?? openDataset(exp.data, seeds.data, options.dataset));
    owned.push({ dispose: () => dataset.dispose?.() });
    // The evaluator draws its real samples first, and the first step its batch: both ready.
    await dataset.prefetch?.(EVALUATION_REAL_SAMPLES);
    const generator = own(buildNetwork('generator', exp.generator.layers, [exp.latent.dim], seeds.generator));
    const discriminator = own(
      buildNetwork(
        'discriminator',
        exp.discriminator.layers,
        discriminatorInputShape(dataset.sampleShape, exp.discriminator.pack),
        seeds.discriminator,
      ),
    );
    const generatorAverage =
      exp.training.generatorAverage > 0
        ? own(buildNetwork('generatorAverage', exp.generator.layers, [exp.latent.dim], seeds.generator))
        : undefined;
    const trainer = own(new GanTrainer(exp, generator, discriminator, dataset, seeds.noise, generatorAverage));
    const classifier = await prepareClassifier(dataset, exp, options, listener);
    if (classifier) own(classifier);
    if (dataset.kind === 'images') summary.kidOn = classifier ? 'features' : 'pixels';
    // With an average, it is what the samples and quality metrics show.
    const evaluator = own(
      new Evaluator(exp, dataset, generatorAverage ?? generator, discriminator, seeds.evaluation, classifier),
    );
    // After the evaluator has drawn its real samples, as it did when the run began.
    if (start)
      await applyStartPoint(start.point, start.mode, exp, {
        generator,
        discriminator,
        generatorAverage,
        trainer,
        dataset,
      });
    step = trainer.step;
    const queue = options.interventions ?? new InterventionQueue();
    if (start) {
      // The settings the interventions up to the checkpoint left in force; a resumed run applies
      // its own later ones again at their steps, as it did before it stopped.
      const recorded = readRun(start.point.runDir).interventions;
      const before = recorded.filter((i) => i.step <= startStep);
      trainer.adjustment = adjustmentAfter(before);
      if (start.mode === 'fork') store.seedInterventions(before);
      else
        queue.replayFrom(
          recorded.filter((i) => i.step > startStep),
          false,
        );
    }
    if (options.replay) queue.replayFrom(options.replay, true);
    const realPng = evaluator.realImagesPng();
    if (realPng) store.writeRealSamples(realPng);
    if (classifier) summary.classifier = classifier.summary;
    const data: DataInfo = {
      sampleShape: dataset.sampleShape,
      samples: dataset.size,
      realImage: realPng ? REAL_SAMPLES : undefined,
      reference: classifier ? qualityReferenceOf(classifier.summary) : undefined,
    };
    summary.data = { sampleShape: dataset.sampleShape, samples: dataset.size };
    store.writeSummary(summary);
    listener.onStarted?.({ runDir: options.runDir, totalSteps: exp.training.steps, backend: options.backend, data });

    const checkpoint = async (at: number) => {
      if (!trainer.weightsAreFinite())
        throw new DivergedError(`weights became NaN or infinite by step ${at}`, trainer.firstNonFinite());
      await store.writeCheckpoint(
        at,
        { generator, discriminator, generatorAverage },
        { generator: trainer.generatorOptimizer, discriminator: trainer.discriminatorOptimizer },
        { wallSeconds: elapsed(), random: { trainer: trainer.randomState(), data: dataset.saveState?.() } },
      );
      summary.checkpointStep = at;
      listener.onCheckpoint?.(at);
    };
    const total = exp.training.steps;
    const alarms = new AlarmWatch(exp);
    let stopped = false;
    // A stop asked for between logged steps trains one step more, logged and sampled, so the run
    // ends with its metrics, a sample and its checkpoint all at the same step (the dashboard's
    // step, its "Samples at step" and the runs view agree).
    let stopAt: number | undefined;
    let lastYield = started;
    const threads = options.backend.name === 'wasm' ? wasmThreadControl() : undefined;
    const tuner = threads?.auto ? new ThreadTuner(threads.threads, (n) => threads.set(n)) : undefined;
    /** Applies an intervention after the current step and records it. */
    const apply = async (request: InterventionRequest, record: boolean) => {
      const at = trainer.step;
      const measured: Pick<Intervention, 'dLoss' | 'gLoss'> = {};
      if (request.action === 'set') Object.assign(trainer.adjustment, request.set);
      else if (request.action === 'stepDiscriminator' || request.action === 'stepGenerator') {
        const part = request.action === 'stepDiscriminator' ? 'discriminator' : 'generator';
        if (part === 'discriminator' && dataset.prefetch)
          await dataset.prefetch(exp.training.batchSize * trainer.dSteps);
        const stats = trainer.trainStep(true, part)!;
        if (part === 'discriminator') measured.dLoss = stats.dLoss;
        else measured.gLoss = stats.gLoss;
      }
      const intervention: Intervention = { ...request, step: at, at: new Date().toISOString(), ...measured };
      if (record) store.appendIntervention(intervention);
      listener.onIntervention?.(intervention, queue.paused);
    };
    /** Between two steps: the replayed interventions due, then the live ones; waits while paused
     * (a stop request ends the wait: the run stops as it would have). */
    const boundary = async () => {
      for (const { intervention, record } of queue.takeReplayed(trainer.step)) {
        const { step: _step, at: _at, dLoss: _d, gLoss: _g, ...request } = intervention;
        await apply(request as InterventionRequest, record);
      }
      for (;;) {
        for (let request = queue.takeLive(); request; request = queue.takeLive()) await apply(request, true);
        if (queue.mayStep() || shouldStop()) return;
        // Viewers get every logged step up to the pause (the file is otherwise written once a second).
        store.flushMetrics();
        const waitFrom = now();
        await new Promise<void>((resolve) => setTimeout(resolve, 20));
        pausedMs += now() - waitFrom;
      }
    };
    while (trainer.step < total) {
      await boundary();
      const next = trainer.step + 1;
      const isSampleStep = next % exp.samples.every === 0 || next === total || next === stopAt;
      const isLogStep = isSampleStep || next % exp.log.every === 0;
      // Streamed data: this step's real batches are decoded (usually long since, beside the last step).
      if (dataset.prefetch) await dataset.prefetch(exp.training.batchSize * trainer.dSteps);
      const stepStarted = now();
      const stats = trainer.trainStep(isLogStep);
      const decision = tuner?.observe(now() - stepStarted);
      if (decision) {
        summary.wasmThreads = decision;
        listener.onThreads?.(decision);
      }
      step = trainer.step;
      if (stats) {
        if (![stats.dLoss, stats.gLoss].every(Number.isFinite)) {
          throw new DivergedError(
            `the losses became ${stats.dLoss} (D) and ${stats.gLoss} (G) at step ${next}`,
            trainer.firstNonFinite(),
          );
        }
        const record: MetricsRecord = { step: next, ...stats, wallSeconds: elapsed() };
        const stepsPerSecond = speed();
        const skipped = dataset.health?.skipped;
        progress = { stepsPerSecond, etaSeconds: (total - next) / stepsPerSecond, ...(skipped ? { skipped } : {}) };
        const evaluation = isSampleStep ? evaluator.evaluate(next) : undefined;
        if (evaluation) Object.assign(record, evaluation.quality);
        const cost = evaluation && evaluator.classifierCost();
        if (cost && summary.classifier) summary.classifier = { ...summary.classifier, ...cost };
        store.appendMetrics(record);
        // The sample flushes the metrics first, so its step's record (with the quality just
        // measured) is on disk, and with viewers, no later than the picture.
        if (evaluation) {
          const sample = store.writeSample(
            next,
            evaluation.png,
            evaluation.points ? 'points' : 'images',
            evaluation.points,
          );
          listener.onSample?.(sample);
        }
        summary.metrics = { ...summary.metrics, ...record };
        listener.onMetrics?.(record, progress);
        for (const alarm of alarms.observe(record)) {
          summary.alarms = [...(summary.alarms ?? []), alarm];
          listener.onAlarm?.(alarm);
        }
      }
      store.flushMetricsIfDue();
      if (next % exp.checkpoint.every === 0 && next < total) await checkpoint(next);
      if (now() - lastYield >= yieldEvery) {
        await yieldToEventLoop();
        lastYield = now();
      }
      if ((stopAt !== undefined || shouldStop()) && trainer.step < total) {
        if (isSampleStep) {
          stopped = true;
          break;
        }
        stopAt = trainer.step + 1;
      }
    }
    if (dataset.health) summary.data = { ...summary.data!, ...dataset.health };
    recordTiming(); // before the final checkpoint, which is not a training step
    // A run stopped before its first new step keeps the checkpoint it started from.
    if (trainer.step > startStep || !start) await checkpoint(trainer.step);
    summary.status = stopped ? 'stopped' : 'completed';
  } catch (err) {
    summary.status = 'failed';
    recordTiming();
    summary.error = err instanceof Error ? err.message : String(err);
  } finally {
    summary.endedAt = new Date().toISOString();
    try {
      store.writeSummary(summary);
      store.writeMetricsColumns();
    } finally {
      for (const x of owned.reverse()) x.dispose();
    }
  }
  listener.onFinished?.(summary);
  return summary;
}

/** The classifier of labelled image data (trained once, cached beside the decoded samples). */
async function prepareClassifier(
  dataset: Dataset,
  exp: Experiment,
  options: RunOptions,
  listener: RunListener,
): Promise<ClassifierMetrics | undefined> {
  if (options.classifier === false || dataset.kind !== 'images' || !dataset.labelled) return undefined;
  // An image folder is decoded whole for it (into the cache training reads): that takes a while.
  if (dataset.prefetch) listener.onPreparing?.('Reading every labelled sample for the image metrics');
  const data = await dataset.labelled();
  if (!ClassifierMetrics.isCached(data, options.dataset?.cacheRoot))
    listener.onPreparing?.(
      `Training a classifier of the data's ${data.classNames.length} classes for the image metrics (once: it is cached)`,
    );
  return ClassifierMetrics.prepare(data, exp.samples.evaluationCount, options.dataset?.cacheRoot);
}

/** The time of the last logged step at or before `step` (checkpoints written before they kept it). */
function lastWallSeconds(runDir: string, step: number): number {
  const before = readRun(runDir).metrics.filter((r) => r.step <= step);
  return before.length ? before[before.length - 1].wallSeconds : 0;
}

/** Training produced non-finite numbers; the last good checkpoint is kept. */
export class DivergedError extends Error {
  /** @param layer where the values first went non-finite (GanTrainer.firstNonFinite) */
  constructor(detail: string, layer?: string) {
    const at = layer ? `; the first non-finite values are in ${layer}` : '';
    super(`Training diverged: ${detail}${at}. Lower the learning rates, or check the loss and last activations.`);
  }
}
