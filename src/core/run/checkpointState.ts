// What checkpoint/state.json says: the step, the files of both networks and optimisers, and every
// random stream's position, so a run resumes exactly. Pure types and a guard; no TensorFlow.js.
import type { RandomState } from '../random';
import type { TrainerRandomState } from '../training/ganTrainer';

export interface OptimizerFile {
  /** The optimiser's slots (moments, accumulators) and iteration count, as TensorFlow.js encodes weights. */
  file: string;
  weights: Array<{ name: string; shape: number[]; dtype: string }>;
  /** Adam's running powers of beta1 and beta2. TensorFlow.js recomputes them on load as a power,
   * which differs in the last bits from the product training accumulated: resume sets them back. */
  scalars?: Record<string, number>;
}

export interface CheckpointState {
  step: number;
  /** Seconds of training up to this step, so a resumed run's time axis goes on from here. */
  wallSeconds?: number;
  generator: string;
  discriminator: string;
  generatorAverage?: string;
  optimizers: { generator: OptimizerFile; discriminator: OptimizerFile };
  /** Absent in checkpoints written before runs could be resumed. */
  random?: { trainer: TrainerRandomState; data?: unknown };
}

export function isRandomStateLike(x: unknown): x is RandomState {
  return typeof x === 'object' && x !== null && Number.isInteger((x as RandomState).state);
}

/** A reason when `x` is not a whole checkpoint state, else undefined. */
export function checkpointStateProblem(x: unknown): string | undefined {
  const s = x as CheckpointState;
  if (typeof s !== 'object' || s === null) return 'state.json is not an object';
  if (!Number.isInteger(s.step) || s.step < 0) return 'state.json has no step';
  if (typeof s.generator !== 'string' || typeof s.discriminator !== 'string')
    return 'state.json does not name both networks';
  for (const side of ['generator', 'discriminator'] as const) {
    const o = s.optimizers?.[side];
    if (!o || typeof o.file !== 'string' || !Array.isArray(o.weights))
      return `state.json does not describe the ${side}'s optimiser`;
  }
  return undefined;
}
