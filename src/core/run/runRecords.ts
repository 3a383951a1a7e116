// The records a run folder holds, shared by the writer, the reader and the dashboard. Pure types.
import type { BackendName } from '../backend/backendNames';

/** One line of metrics.jsonl. Quality fields are present on the steps where they were computed. */
export interface MetricsRecord {
  step: number;
  dLoss: number;
  gLoss: number;
  dReal: number;
  dFake: number;
  /** Seconds since training started. */
  wallSeconds: number;
  modesCovered?: number;
  modeCount?: number;
  highQualityFraction?: number;
  /** Unbiased MMD^2 between generated and real samples (Gaussian kernel, median bandwidth). */
  mmd?: number;
  /** Of the fixed latent batch's first images, the fraction with a near twin among the others
   * (closer than a tenth of the real images' median nearest-neighbour distance). */
  duplicateFraction?: number;
  /** Global L2 norm of the generator's gradient in this step's update. */
  gGradNorm?: number;
  /** Global L2 norm of the discriminator's gradient in this step's last update. */
  dGradNorm?: number;
}

/** What a 2-D preview shows, kept beside its PNG so a dashboard can redraw it interactively. */
export interface PointsPreview {
  real: number[];
  fake: number[];
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number };
  /** The discriminator's output (0..1) on a size x size grid, rows from the top. */
  heatmap: number[];
  heatmapSize: number;
}

export interface SampleRecord {
  step: number;
  /** Path of the PNG, relative to the run folder. */
  image: string;
  kind: 'images' | 'points';
  points?: PointsPreview;
}

export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed';

export interface RunSummary {
  status: RunStatus;
  name: string;
  /** Steps done. */
  steps: number;
  totalSteps: number;
  backend: BackendName;
  stepsPerSecond: number;
  wallSeconds: number;
  /** Processor time the training process spent over those wall seconds (all its threads). Well
   * below wallSeconds, the machine was busy with something else. */
  cpuSeconds?: number;
  startedAt: string;
  /** The trainer's process id while it runs: a `running` run whose process is gone was killed. */
  pid?: number;
  endedAt?: string;
  /** The last quality metrics computed, and the last losses. */
  metrics: Partial<MetricsRecord>;
  /** The data: the shape of a sample, how many (file data), and files skipped because they
   * could not be decoded. */
  data?: { sampleShape: number[]; samples?: number; skipped?: number; skippedExamples?: string[] };
  /** Each time the run was resumed: from which checkpoint step, and when. */
  resumes?: Array<{ step: number; at: string }>;
  /** The run whose checkpoint this one started from (Fork). */
  forkedFrom?: { runDir: string; step: number };
  /** Step of the last checkpoint written, if any. */
  checkpointStep?: number;
  error?: string;
  /** Failure alarms recognised during the run, in the order they were raised. */
  alarms?: Alarm[];
  /** WebAssembly threads chosen by timing the first steps on each count (`--threads auto`). */
  wasmThreads?: { threads: number; msPerStep: Record<number, number> };
}

export type AlarmId =
  | 'discriminatorWins'
  | 'modeCollapse'
  | 'nearDuplicates'
  | 'generatorLossExplodes'
  | 'lossesOscillate'
  | 'noLearning'
  | 'gradientsVanish'
  | 'gradientsExplode';

/** A failure alarm (see core/training/alarms.ts): what went wrong, shown with what to change. */
export interface Alarm {
  id: AlarmId;
  /** The step at which it was recognised. */
  step: number;
  /** What is wrong, with the numbers and steps that show it. */
  message: string;
  /** What to change, in the experiment's words. */
  remedy: string;
  /** The experiment field the remedy changes, as a JSON path from the root. */
  field: Array<string | number>;
}

/** What a run's data are, as viewers show them. */
export interface DataInfo {
  sampleShape: number[];
  /** Samples the data hold (undefined for generated mixtures, which are unbounded). */
  samples?: number;
  /** Path of the real-samples picture, relative to the run folder (image data). */
  realImage?: string;
}

/** Real samples as the discriminator sees them (image data), relative to the run folder. */
export const REAL_SAMPLES = 'samples/real.png';
