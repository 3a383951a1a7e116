// The trainer process the extension forks: receives one `start`, trains, streams typed events back
// over IPC, and stops at the next step on `stop` or when the extension host goes away.
// Runs in its own Node process; no VS Code API.
import * as path from 'path';
import { selectBackend } from '../core/backend/selectBackend';
import { dataCacheDirFor } from '../core/run/runFolder';
import { runTraining } from '../core/training/runTraining';
import { isHostToTrainer, type StartTraining, type TrainerToHost } from '../shared/trainerProtocol';
import { loadExperiment } from './loadExperiment';

/** Sends a message; settles once it is handed to the channel, so a disconnect after it never
 * drops it. After the host has gone there is no one to tell; training still ends with a checkpoint. */
function send(message: TrainerToHost): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

let stopRequested = false;
let started = false;

async function train(start: StartTraining): Promise<number> {
  const loaded = loadExperiment(start.file, {}, start.text);
  if (!loaded.ok) {
    await send({ type: 'invalid', diagnostics: loaded.diagnostics, message: loaded.message });
    return 1;
  }
  const exp = loaded.experiment;
  const backend = await selectBackend(start.backend, { tfjsNodePath: start.tfjsNodePath });
  const summary = await runTraining({
    experiment: exp,
    runDir: start.runDir,
    backend,
    shouldStop: () => stopRequested,
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
        }),
      // The batches metrics.jsonl gets, about once a second: each redraws the panel, lenses and
      // status bar once, which reads as live and keeps the editor's drawing off the trainer's cores.
      onMetricsWritten: (records, progress) => void send({ type: 'metrics', records, ...progress }),
      onSample: (sample) => void send({ type: 'sample', sample }),
      onCheckpoint: (step) => void send({ type: 'checkpoint', step }),
    },
  });
  await send({ type: 'finished', summary });
  return summary.status === 'failed' ? 2 : 0;
}

process.on('message', (message: unknown) => {
  if (!isHostToTrainer(message)) return;
  if (message.type === 'stop') {
    stopRequested = true;
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
      : train(message);
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
