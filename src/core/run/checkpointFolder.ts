// Finds the whole checkpoint of a run folder, also in the moment while one replaces another.
// Runs in Node; no TensorFlow.js, so the extension host can use it.
import * as fs from 'fs';
import * as path from 'path';

export const CHECKPOINT_DIR = 'checkpoint';
/** Where the last checkpoint waits while a new one takes its place (see RunStore.writeCheckpoint). */
export const PREVIOUS_CHECKPOINT_DIR = 'checkpoint.previous';

export interface CheckpointLocation {
  dir: string;
  step: number;
}

function stepOf(dir: string): number | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as { step?: unknown };
    return Number.isInteger(state.step) ? (state.step as number) : undefined;
  } catch {
    return undefined;
  }
}

/** The run's newest complete checkpoint: checkpoint/, or checkpoint.previous/ while it is replaced. */
export function findCheckpoint(runDir: string): CheckpointLocation | undefined {
  for (const name of [CHECKPOINT_DIR, PREVIOUS_CHECKPOINT_DIR]) {
    const dir = path.join(runDir, name);
    const step = stepOf(dir);
    if (step !== undefined) return { dir, step };
  }
  return undefined;
}
