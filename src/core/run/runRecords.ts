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
  /** Image data with class labels, by a classifier of the real data (metrics/classifierMetrics):
   * classes of the real data the samples cover (at least a quarter of their real share each), of
   * classCount; KL(generated ‖ real) of the class frequencies in nats; the mean top probability;
   * the Fréchet distance on the classifier's penultimate features. */
  classesCovered?: number;
  classCount?: number;
  classKl?: number;
  confidence?: number;
  fid?: number;
  /** Unbiased MMD² with KID's cubic kernel: on the classifier's features where there is one, else
   * on the pixels of other image data (the run's summary says which). */
  kid?: number;
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
  /** G's image of a size x size grid over the latent plane (core/training/planeViews), row after
   * row as x, y pairs: the generator's manifold. */
  manifold?: number[];
  manifoldSize?: number;
  /** For the first of `fake`, where the generator's loss pulls each (dx, dy pairs, the longest 1),
   * and that longest pull's length. */
  pull?: number[];
  pullScale?: number;
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
  /** Image data with labels: the classifier behind the image metrics, its accuracy, what real
   * samples score (the charts' reference lines) and what the metrics cost per evaluation. */
  classifier?: ClassifierRecord;
  /** What the run's KID is computed on. */
  kidOn?: 'features' | 'pixels';
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

/** The data classifier behind the image metrics (core/metrics/dataClassifier), as a run records it. */
export interface ClassifierInfo {
  classNames: string[];
  /** Of the held-out samples, the fraction classified right. */
  accuracy: number;
  heldOut: number;
  trainedOn: number;
  /** Seconds the training took (when it was trained, not when read from the cache). */
  trainSeconds: number;
  /** Read from the cache, not trained by this run. */
  cached: boolean;
}

export interface ClassifierQuality {
  classesCovered: number;
  classCount: number;
  classKl: number;
  confidence: number;
  /** Fréchet distance on the classifier's features. */
  fid: number;
  /** Unbiased MMD² with KID's cubic kernel on the classifier's features. */
  kid: number;
}

/** What a run records of its classifier: how good it is and what real data scores. */
export interface ClassifierSummary extends ClassifierInfo {
  /** Real samples of the kept classes, as many as an evaluation generates (or half of them, when
   * the data have fewer), held out from training where there are enough, measured as the
   * generated ones are. */
  realVsReal: ClassifierQuality;
  realSamples: number;
}

export type ClassifierRecord = ClassifierSummary & {
  /** Mean milliseconds the classifier's metrics took per evaluation, and how many were made. */
  evaluationMs?: number;
  evaluations?: number;
};

/** What a run's data are, as viewers show them. */
export interface DataInfo {
  sampleShape: number[];
  /** Samples the data hold (undefined for generated mixtures, which are unbounded). */
  samples?: number;
  /** Path of the real-samples picture, relative to the run folder (image data). */
  realImage?: string;
  /** Real vs real values of the image metrics: what a generator as good as the data would score. */
  reference?: QualityReference;
}

/** Quality metrics of real samples measured as generated ones are (the charts' reference lines). */
export type QualityReference = Partial<
  Pick<MetricsRecord, 'fid' | 'kid' | 'classKl' | 'confidence' | 'classesCovered'>
>;

/** Real samples as the discriminator sees them (image data), relative to the run folder. */
export const REAL_SAMPLES = 'samples/real.png';

/** What a user can do to a live run (core/training/interventions.ts). The step-only ones run while
 * the run is paused; `set` changes take effect from the next step. */
export type InterventionRequest =
  | { action: 'pause' | 'continue' | 'stepDiscriminator' | 'stepGenerator' | 'stepBoth' }
  | { action: 'set'; set: TrainingAdjustment };

/** Training settings changed in a live run; each replaces the experiment's value (a learning rate
 * replaces its schedule) until changed again. */
export interface TrainingAdjustment {
  generatorLearningRate?: number;
  discriminatorLearningRate?: number;
  dSteps?: number;
}

/** One line of interventions.jsonl: a request as applied, after training step `step`. */
export type Intervention = InterventionRequest & {
  step: number;
  /** When it was applied (ISO time): for the record only, a replay ignores it. */
  at: string;
  /** The losses of a one-network step, as measured by it. */
  dLoss?: number;
  gLoss?: number;
};

/** The run folder's record of interventions, one JSON line each. */
export const INTERVENTIONS_FILE = 'interventions.jsonl';
