// The trainer process the extension forks: receives one `start`, trains, streams typed events back
// over IPC, and stops at the next step on `stop` or when the extension host goes away.
// Runs in its own Node process; no VS Code API.
import * as fs from 'fs';
import * as path from 'path';
import { openDataset } from '../core/data/createDataset';
import { previewData } from '../core/data/previewData';
import { selectBackend } from '../core/backend/selectBackend';
import { describeThreadDecision } from '../core/training/threadTuner';
import { dataCacheDirFor } from '../core/run/runFolder';
import { runTraining } from '../core/training/runTraining';
import { exportGenerator } from '../core/generate/exportGenerator';
import { generateSamples } from '../core/generate/generateSamples';
import { loadRunGenerator } from '../core/generate/runGenerator';
import {
  isHostToTrainer,
  type PreviewData,
  type StartTraining,
  type TrainerToHost,
  type UseGenerator,
} from '../shared/trainerProtocol';
import { InterventionQueue } from '../core/training/interventions';
import { loadExperiment } from './loadExperiment';
import { checkStartFrom } from './startPoint';

/** Sends a message; settles once it is handed to the channel, so a disconnect after it never
 * drops it. After the host has gone there is no one to tell; training still ends with a checkpoint. */
function send(message: TrainerToHost): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

let stopRequested = false;
/** The live run's interventions, as the host sends them. */
const interventions = new InterventionQueue();
let started = false;

async function train(start: StartTraining): Promise<number> {
  const loaded = loadExperiment(start.file, {}, start.text);
  if (!loaded.ok) {
    await send({ type: 'invalid', diagnostics: loaded.diagnostics, message: loaded.message });
    return 1;
  }
  const exp = loaded.experiment;
  const from = start.startFrom && checkStartFrom(start.startFrom, exp);
  if (from && !from.ok) {
    await send({ type: 'invalid', diagnostics: [], message: `Cannot ${start.startFrom!.mode}: ${from.message}.` });
    return 1;
  }
  const backend = await selectBackend(start.backend, { tfjsNodePath: start.tfjsNodePath, threads: start.threads });
  const summary = await runTraining({
    experiment: exp,
    runDir: start.runDir,
    startFrom: from ? { point: from.point, mode: start.startFrom!.mode } : undefined,
    backend,
    shouldStop: () => stopRequested,
    interventions,
    dataset: {
      baseDir: path.dirname(path.resolve(start.file)),
      cacheRoot: start.dataCacheDir ?? dataCacheDirFor(start.file),
    },
    listener: {
      onStarted: (info) =>
        void send({
          type: 'started',
          runDir: info.runDir,
          totalSteps: info.totalSteps,
          backend: backend.name,
          backendDescription: backend.description,
          skipped: backend.skipped,
          data: info.data,
        }),
      // The batches metrics.jsonl gets, about once a second: each redraws the panel, lenses and
      // status bar once, which reads as live and keeps the editor's drawing off the trainer's cores.
      onMetricsWritten: (records, progress) => void send({ type: 'metrics', records, ...progress }),
      onSample: (sample) => void send({ type: 'sample', sample }),
      onCheckpoint: (step) => void send({ type: 'checkpoint', step }),
      onAlarm: (alarm) => void send({ type: 'alarm', alarm }),
      onPreparing: (message) => void send({ type: 'preparing', message }),
      onIntervention: (intervention, paused) => void send({ type: 'intervened', intervention, paused }),
      // A line of the trainer's output, which the extension writes to its log.
      onThreads: (decision) => void process.stdout.write(`WebAssembly threads: ${describeThreadDecision(decision)}\n`),
    },
  });
  await send({ type: 'finished', summary });
  return summary.status === 'failed' ? 2 : 0;
}

/** Preview Data: the next samples of the data, as the discriminator will see them, into a PNG. */
async function preview(request: PreviewData): Promise<number> {
  const loaded = loadExperiment(request.file, {}, request.text);
  if (!loaded.ok) {
    await send({ type: 'invalid', diagnostics: loaded.diagnostics, message: loaded.message });
    return 1;
  }
  const data = loaded.experiment.data;
  const dataset = await openDataset(data, loaded.experiment.seed, {
    baseDir: path.dirname(path.resolve(request.file)),
    cacheRoot: request.dataCacheDir ?? dataCacheDirFor(request.file),
  });
  try {
    const { png, shown } = await previewData(dataset, request.count);
    fs.mkdirSync(path.dirname(request.out), { recursive: true });
    fs.writeFileSync(request.out, png);
    await send({
      type: 'previewed',
      image: request.out,
      samples: dataset.size ?? shown,
      sampleShape: dataset.sampleShape,
      shown,
      skipped: dataset.health?.skipped ?? 0,
    });
    return 0;
  } finally {
    dataset.dispose?.();
  }
}

/** Generate Samples / Export Generator from a run's checkpoint. */
async function useGenerator(request: UseGenerator): Promise<number> {
  await selectBackend(request.backend, { tfjsNodePath: request.tfjsNodePath });
  const generator = await loadRunGenerator(request.runDir);
  try {
    if (request.type === 'export') {
      await exportGenerator(generator, request.out);
      await send({ type: 'used', out: request.out, main: 'model.json', step: generator.step });
    } else {
      const made = generateSamples(generator, request.out, { count: request.count ?? 64, seed: request.seed ?? 1 });
      await send({ type: 'used', out: request.out, main: made.grid, step: generator.step });
    }
    return 0;
  } finally {
    generator.model.dispose();
  }
}

process.on('message', (message: unknown) => {
  if (!isHostToTrainer(message)) return;
  if (message.type === 'stop') {
    stopRequested = true;
    return;
  }
  if (message.type === 'intervene') {
    interventions.request(message.request);
    return;
  }
  if (started) return;
  started = true;
  const work =
    message.type === 'probe'
      ? selectBackend(message.backend, { tfjsNodePath: message.tfjsNodePath }).then(async (b) => {
          await send({ type: 'probed', backend: b.name, description: b.description });
          return 0;
        })
      : message.type === 'previewData'
        ? preview(message)
        : message.type === 'start'
          ? train(message)
          : useGenerator(message);
  work.then(
    (code) => {
      process.exitCode = code;
      process.disconnect?.();
    },
    async (err: unknown) => {
      await send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      process.exitCode = 2;
      process.disconnect?.();
    },
  );
});

// The host closed (VS Code quit or reloaded): finish the current step, checkpoint, and exit.
process.on('disconnect', () => {
  stopRequested = true;
});
process.on('SIGTERM', () => {
  stopRequested = true;
});
