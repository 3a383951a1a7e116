// Kills the trainer (SIGKILL) at random moments, over and over, resuming the run each time, and
// checks after every kill that the run folder is whole: its files parse, its steps go up, its
// newest checkpoint loads with TensorFlow.js's own loader. Used by a unit test and scripts/killAtRandom.ts.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadSavedModel } from '../../src/core/generate/runGenerator';
import { ROOT, writeJson } from './cli';
import { tinyExperiment } from './experiments';

export interface KillReport {
  kills: number;
  /** Kills after which the run went on from a checkpoint. */
  resumed: number;
  /** Kills that came before the run's first checkpoint: a new run was started. */
  restarted: number;
  /** The steps the last run had reached. */
  steps: number;
}

/** Mulberry32, so a failing sequence of kill times can be replayed from its seed. */
function randomFrom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function runCli(args: string[], killAfterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'gan-studio.js'), ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Everything a reader needs from the folder, checked; returns the checkpoint's step, if any. */
async function checkWhole(runDir: string): Promise<number | undefined> {
  JSON.parse(fs.readFileSync(path.join(runDir, 'experiment.json'), 'utf8'));
  if (fs.existsSync(path.join(runDir, 'summary.json')))
    JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
  const text = fs.existsSync(path.join(runDir, 'metrics.jsonl'))
    ? fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')
    : '';
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a line the kill cut short
  const steps = lines.map((l) => (JSON.parse(l) as { step: number }).step);
  steps.forEach((s, i) => assert.ok(i === 0 || s > steps[i - 1], `${runDir}: step ${s} after ${steps[i - 1]}`));
  for (const name of ['checkpoint', 'checkpoint.previous']) {
    const dir = path.join(runDir, name);
    if (!fs.existsSync(path.join(dir, 'state.json'))) continue;
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as {
      step: number;
      generator: string;
      discriminator: string;
    };
    for (const net of [state.generator, state.discriminator]) (await loadSavedModel(dir, net)).dispose();
    return state.step;
  }
  // No whole checkpoint: only before the first one, while the old one is being replaced never.
  assert.ok(!fs.existsSync(path.join(runDir, 'checkpoint.previous')), `${runDir}: a previous checkpoint with no state`);
  return undefined;
}

/**
 * Trains a tiny experiment through the CLI `kills` times, each time killed after a random delay
 * in [minMs, maxMs], resumed from its checkpoint when it has one (else started again).
 */
export async function killAtRandom(options: {
  kills: number;
  seed: number;
  workDir: string;
  minMs?: number;
  maxMs?: number;
  onKill?: (i: number, note: string) => void;
}): Promise<KillReport> {
  await tf.setBackend('cpu');
  const random = randomFrom(options.seed);
  const file = writeJson(
    options.workDir,
    'killed.gan.json',
    tinyExperiment({
      name: 'killed',
      training: { steps: 1_000_000, batchSize: 16 },
      log: { every: 3 },
      samples: { every: 40, count: 16, evaluationCount: 100 },
      checkpoint: { every: 15 },
    }),
  );
  const report: KillReport = { kills: 0, resumed: 0, restarted: 0, steps: 0 };
  let runDir: string | undefined;
  let runs = 0;
  const minMs = options.minMs ?? 300;
  const maxMs = options.maxMs ?? 1800;
  for (let i = 0; i < options.kills; i++) {
    const delay = minMs + random() * (maxMs - minMs);
    const resuming = runDir !== undefined;
    if (!runDir) runDir = path.join(options.workDir, `run-${++runs}`);
    await runCli(['train', file, ...(resuming ? ['--resume', runDir] : ['--out', runDir])], delay);
    report.kills++;
    const started = fs.existsSync(path.join(runDir, 'experiment.json'));
    const step = started ? await checkWhole(runDir) : undefined;
    if (step === undefined) {
      // Killed before the first checkpoint: nothing to resume; a new run starts (as a user would).
      report.restarted++;
      runDir = undefined;
    } else {
      if (resuming) report.resumed++;
      report.steps = step;
    }
    options.onKill?.(
      i,
      `${Math.round(delay)} ms: ${step === undefined ? 'no checkpoint yet' : `checkpoint at step ${step}`}`,
    );
  }
  return report;
}
