// Writes a run folder: experiment.json, metrics.jsonl, samples/, checkpoint/, summary.json. Every
// file is either appended line by line or replaced atomically, so whatever was written stays
// readable after a crash. Runs in Node; no VS Code API.
import * as fs from 'fs';
import * as path from 'path';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Experiment } from '../experiment/types';
import { saveModel, saveOptimizer } from './checkpointFiles';
import { CHECKPOINT_DIR, PREVIOUS_CHECKPOINT_DIR } from './checkpointFolder';
import type { CheckpointState } from './checkpointState';
import { METRICS_COLUMNS_FILE, writeMetricsColumns } from './metricsColumnsFile';
import { parseMetricsLines } from './readRun';
import { makeDirs, writeFileAtomic } from './runFolder';
import {
  INTERVENTIONS_FILE,
  REAL_SAMPLES,
  type Intervention,
  type MetricsRecord,
  type PointsPreview,
  type RunSummary,
  type SampleRecord,
} from './runRecords';

/** Metrics lines are appended in batches at least this often (ms), and before every sample,
 * checkpoint and summary. One write per logged step would wake every file watcher on the folder
 * (an editor's, a sync tool's) many times a second; a killed process loses at most this much.
 * Live viewers get the same batches (`onMetricsWritten`), so the whole run has one clock. */
export const METRICS_WRITE_MS = 1000;

export interface RunStoreOptions {
  /** Milliseconds; injected so tests can control time. Default Date.now. */
  now?: () => number;
  /** Each batch of metrics just appended to metrics.jsonl, in order. */
  onMetricsWritten?: (records: MetricsRecord[]) => void;
}

export class RunStore {
  private readonly metricsFile: string;
  private pendingMetrics: MetricsRecord[] = [];
  private lastMetricsWrite: number;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    private readonly options: RunStoreOptions = {},
  ) {
    this.metricsFile = path.join(dir, 'metrics.jsonl');
    this.now = options.now ?? Date.now;
    this.lastMetricsWrite = this.now();
  }

  /** Creates the folder tree and records the resolved experiment. */
  static create(
    dir: string,
    experiment: Experiment,
    extra: Record<string, unknown>,
    options?: RunStoreOptions,
  ): RunStore {
    makeDirs(path.join(dir, 'samples'));
    const store = new RunStore(dir, options);
    store.writeExperiment(experiment, extra);
    fs.writeFileSync(store.metricsFile, '');
    return store;
  }

  /** Records the resolved experiment (again, when a resumed run trains for more steps). */
  writeExperiment(experiment: Experiment, extra: Record<string, unknown>): void {
    writeFileAtomic(
      path.join(this.dir, 'experiment.json'),
      JSON.stringify({ ...experiment, ...extra }, null, 2) + '\n',
    );
  }

  /**
   * Reopens a run folder to continue it from the checkpoint at `step`: the metrics and samples
   * after that step are moved to `superseded/<time>-after-step-<step>/` (kept, not deleted), so
   * the curve goes on from the checkpoint. A last line cut short by a crash is dropped.
   * @returns the store and the folder the cut records went to (undefined when nothing was cut).
   */
  static reopen(dir: string, step: number, options?: RunStoreOptions): { store: RunStore; setAside?: string } {
    const store = new RunStore(dir, options);
    const text = fs.existsSync(store.metricsFile) ? fs.readFileSync(store.metricsFile, 'utf8') : '';
    const records = parseMetricsLines(text);
    const kept = records.filter((r) => r.step <= step);
    const cut = records.filter((r) => r.step > step);
    const samplesDir = path.join(dir, 'samples');
    makeDirs(samplesDir);
    const laterSamples = fs.readdirSync(samplesDir).filter((f) => {
      const m = /^step-(\d+)\.(png|json)$/.exec(f);
      return m !== null && Number(m[1]) > step;
    });
    let setAside: string | undefined;
    if (cut.length || laterSamples.length) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      setAside = path.join(dir, 'superseded', `${stamp}-after-step-${step}`);
      makeDirs(path.join(setAside, 'samples'));
      fs.writeFileSync(path.join(setAside, 'metrics.jsonl'), cut.map((r) => JSON.stringify(r) + '\n').join(''));
      for (const f of laterSamples) fs.renameSync(path.join(samplesDir, f), path.join(setAside, 'samples', f));
    }
    // Rewritten whole (and atomically) so a partial last line never sits before the new ones.
    writeFileAtomic(store.metricsFile, kept.map((r) => JSON.stringify(r) + '\n').join(''));
    // The old columns no longer match (readers would ignore them); new ones come at the end.
    fs.rmSync(path.join(dir, METRICS_COLUMNS_FILE), { force: true });
    return { store, setAside };
  }

  /** Appends one line to interventions.jsonl (rare: written at once). */
  appendIntervention(intervention: Intervention): void {
    fs.appendFileSync(path.join(this.dir, INTERVENTIONS_FILE), JSON.stringify(intervention) + '\n');
  }

  /** Starts interventions.jsonl with a fork's parent's, up to the step it starts from. */
  seedInterventions(interventions: Intervention[]): void {
    if (!interventions.length) return;
    writeFileAtomic(
      path.join(this.dir, INTERVENTIONS_FILE),
      interventions.map((i) => JSON.stringify(i) + '\n').join(''),
    );
  }

  /** Starts metrics.jsonl with `records` (a fork's parent's, up to the step it starts from). */
  seedMetrics(records: MetricsRecord[]): void {
    writeFileAtomic(this.metricsFile, records.map((r) => JSON.stringify(r) + '\n').join(''));
  }

  appendMetrics(record: MetricsRecord): void {
    this.pendingMetrics.push(record);
    this.flushMetricsIfDue();
  }

  /** Appends what waits once the interval has passed. The training loop calls it every step, so a
   * logged step reaches the file within the interval even when the next one is far off. */
  flushMetricsIfDue(): void {
    if (this.pendingMetrics.length && this.now() - this.lastMetricsWrite >= METRICS_WRITE_MS) this.flushMetrics();
  }

  /** Appends the buffered metrics lines (whole lines, in one write). */
  flushMetrics(): void {
    this.lastMetricsWrite = this.now();
    if (!this.pendingMetrics.length) return;
    const records = this.pendingMetrics;
    this.pendingMetrics = [];
    fs.appendFileSync(this.metricsFile, records.map((r) => JSON.stringify(r) + '\n').join(''));
    this.options.onMetricsWritten?.(records);
  }

  /** Writes samples/real.png: real samples as the discriminator sees them, once per run. */
  writeRealSamples(png: Buffer): void {
    writeFileAtomic(path.join(this.dir, REAL_SAMPLES), png);
  }

  /** Writes samples/step-NNNNNN.png (and .json with the points of a 2-D preview). */
  writeSample(step: number, png: Buffer, kind: SampleRecord['kind'], points?: PointsPreview): SampleRecord {
    this.flushMetrics();
    const stem = `samples/step-${String(step).padStart(6, '0')}`;
    writeFileAtomic(path.join(this.dir, `${stem}.png`), png);
    if (points) writeFileAtomic(path.join(this.dir, `${stem}.json`), JSON.stringify(points));
    return { step, image: `${stem}.png`, kind, points };
  }

  /**
   * Writes both networks, both optimisers' state and the step into checkpoint/. There is always a
   * whole checkpoint on disk: the new one is written beside it, the old one steps aside to
   * checkpoint.previous/ only once the new one is complete, and goes only once the new one is in
   * place. `findCheckpoint` reads whichever is whole. state.json is written last: a folder
   * without it is not a checkpoint.
   */
  async writeCheckpoint(
    step: number,
    nets: { generator: tfl.LayersModel; discriminator: tfl.LayersModel; generatorAverage?: tfl.LayersModel },
    optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer },
    extra: Pick<CheckpointState, 'wallSeconds' | 'random'> = {},
  ): Promise<void> {
    this.flushMetrics();
    const final = path.join(this.dir, CHECKPOINT_DIR);
    const previous = path.join(this.dir, PREVIOUS_CHECKPOINT_DIR);
    const tmp = path.join(this.dir, `checkpoint.tmp-${process.pid}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
    await saveModel(nets.generator, tmp);
    await saveModel(nets.discriminator, tmp);
    if (nets.generatorAverage) await saveModel(nets.generatorAverage, tmp);
    const state: CheckpointState = {
      step,
      ...extra,
      generator: `${nets.generator.name}.json`,
      discriminator: `${nets.discriminator.name}.json`,
      ...(nets.generatorAverage ? { generatorAverage: `${nets.generatorAverage.name}.json` } : {}),
      optimizers: {
        generator: await saveOptimizer(optimizers.generator, tmp, 'generator.optimizer.bin'),
        discriminator: await saveOptimizer(optimizers.discriminator, tmp, 'discriminator.optimizer.bin'),
      },
    };
    fs.writeFileSync(path.join(tmp, 'state.json'), JSON.stringify(state, null, 2));
    if (fs.existsSync(final)) {
      // A previous/ left by a crash between the two renames below is older than final/.
      fs.rmSync(previous, { recursive: true, force: true });
      fs.renameSync(final, previous);
    }
    fs.renameSync(tmp, final);
    fs.rmSync(previous, { recursive: true, force: true });
  }

  /** The finished run's metrics as columns, for quick reading (only a cache: a failure is ignored). */
  writeMetricsColumns(): void {
    this.flushMetrics();
    try {
      writeMetricsColumns(this.dir);
    } catch {
      /* metrics.jsonl is the record; readers parse it */
    }
  }

  writeSummary(summary: RunSummary): void {
    this.flushMetrics();
    writeFileAtomic(path.join(this.dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  }
}
