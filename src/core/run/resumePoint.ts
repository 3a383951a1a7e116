// Where a run can go on from: its newest whole checkpoint, checked against the experiment that is
// to continue it, with a sentence for every reason it cannot. Runs in Node; no TensorFlow.js.
import * as fs from 'fs';
import * as path from 'path';
import { describeDifference, parameterDifferences } from '../experiment/parameterDiff';
import type { Experiment } from '../experiment/types';
import { findCheckpoint } from './checkpointFolder';
import { checkpointStateProblem, type CheckpointState } from './checkpointState';
import { readSummary } from './readRun';
import type { RunSummary } from './runRecords';

export interface ResumePoint {
  /** The run folder the checkpoint belongs to. */
  runDir: string;
  checkpointDir: string;
  state: CheckpointState;
  summary?: RunSummary;
  /** The experiment the run recorded (experiment.json, without the extra fields). */
  recorded: Record<string, unknown>;
}

export type ResumeCheck = { ok: true; point: ResumePoint } | { ok: false; message: string };

/** Fields a resumed run may change: the name is a label, and more steps train it further. */
const MAY_CHANGE = new Set(['name', 'description', 'training.steps']);

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The newest whole checkpoint of `runDir`, read and checked, or why there is none. */
export function readResumePoint(runDir: string): ResumeCheck {
  let recorded: Record<string, unknown>;
  try {
    recorded = JSON.parse(fs.readFileSync(path.join(runDir, 'experiment.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, message: `${runDir} is not a run folder (it has no readable experiment.json)` };
  }
  delete recorded.backend; // recorded beside the experiment, not part of it
  const summary = readSummary(runDir);
  if (summary?.status === 'running' && summary.pid !== undefined && processIsAlive(summary.pid))
    return { ok: false, message: `${runDir} is still training (process ${summary.pid}); stop it first` };
  const found = findCheckpoint(runDir);
  if (!found)
    return {
      ok: false,
      message: `${runDir} has no checkpoint to continue from (it ended before its first one); train the experiment again`,
    };
  let state: CheckpointState;
  try {
    state = JSON.parse(fs.readFileSync(path.join(found.dir, 'state.json'), 'utf8')) as CheckpointState;
  } catch {
    return { ok: false, message: `${found.dir}/state.json cannot be read` };
  }
  const problem = checkpointStateProblem(state);
  if (problem) return { ok: false, message: `${found.dir}: ${problem}` };
  return { ok: true, point: { runDir, checkpointDir: found.dir, state, summary, recorded } };
}

/**
 * Checks that `experiment` may continue the run in `runDir` (Resume): the same experiment but for
 * its name and a larger `training.steps`, and a run that is not still training.
 */
export function checkResume(runDir: string, experiment: Experiment): ResumeCheck {
  const read = readResumePoint(runDir);
  if (!read.ok) return read;
  const { point } = read;
  const changed = parameterDifferences(point.recorded, experiment).filter((d) => !MAY_CHANGE.has(d.path));
  if (changed.length)
    return {
      ok: false,
      message:
        `the experiment is no longer the one ${runDir} trained: ${changed.slice(0, 6).map(describeDifference).join('; ')}` +
        `${changed.length > 6 ? ` and ${changed.length - 6} more` : ''}. Undo the changes to resume, or fork a new run from its checkpoint`,
    };
  if (experiment.training.steps <= point.state.step)
    return {
      ok: false,
      message: `${runDir} has done all ${point.state.step} of its steps; raise training.steps (or pass --steps) to train it further`,
    };
  return read;
}
