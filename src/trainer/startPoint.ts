// The checkpoint a `train` starts from, checked the same way for the CLI and the forked trainer.
// Runs in Node; no VS Code API.
import type { Experiment } from '../core/experiment/types';
import { checkResume, readResumePoint, type ResumeCheck } from '../core/run/resumePoint';
import type { StartFrom } from '../shared/trainerProtocol';

/** Resume: the experiment must still be the run's; Fork: any experiment (the weights are checked
 * when they load). */
export function checkStartFrom(from: StartFrom, experiment: Experiment): ResumeCheck {
  return from.mode === 'resume' ? checkResume(from.runDir, experiment) : readResumePoint(from.runDir);
}
