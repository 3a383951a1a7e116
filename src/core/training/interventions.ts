// Interventions in a live run: pause, continue, one step of either network or both while paused, and
// changed learning rates or dSteps. Applied only between training steps and recorded with the step
// they came after, so a replay that applies the same ones at the same steps draws the same random
// numbers in the same order and gives the same losses. Pure; the run loop drives it.
import type { Intervention, InterventionRequest, TrainingAdjustment } from '../run/runRecords';

/** Only what changes the numbers is replayed: pause and continue change nothing but the time, and
 * a step of both networks while paused is the next ordinary step. */
export function changesTraining(i: InterventionRequest): boolean {
  return i.action === 'set' || i.action === 'stepDiscriminator' || i.action === 'stepGenerator';
}

/** The settings in force after `interventions` (in order): each `set` overrides the ones before. */
export function adjustmentAfter(interventions: readonly InterventionRequest[]): TrainingAdjustment {
  const out: TrainingAdjustment = {};
  for (const i of interventions) if (i.action === 'set') Object.assign(out, i.set);
  return out;
}

/**
 * The run loop's view of interventions: live requests as they arrive, and recorded ones to replay
 * (a resumed run's own after its checkpoint, or another run's for `--replay`).
 */
export class InterventionQueue {
  private readonly live: InterventionRequest[] = [];
  private replay: Array<{ intervention: Intervention; record: boolean }> = [];
  paused = false;

  /** Recorded interventions to apply again at their steps, in the order they were applied (only
   * those that change the numbers). `record`: write them to this run's record as they are applied
   * (a replay of another run), or not (a resumed run's own, already recorded). */
  replayFrom(recorded: readonly Intervention[], record: boolean): void {
    this.replay.push(...recorded.filter(changesTraining).map((intervention) => ({ intervention, record })));
    // By step, keeping the order within a step: a resumed run's record can hold a later step's
    // replayed intervention before an earlier one the user added live after the resume.
    this.replay.sort((a, b) => a.intervention.step - b.intervention.step);
  }

  /** A user's request, applied at the next step boundary. */
  request(r: InterventionRequest): void {
    this.live.push(r);
  }

  /** The recorded interventions due after step `step` (and any an earlier step missed), in order. */
  takeReplayed(step: number): Array<{ intervention: Intervention; record: boolean }> {
    let n = 0;
    while (n < this.replay.length && this.replay[n].intervention.step <= step) n++;
    return this.replay.splice(0, n);
  }

  /** The next live request to apply, or undefined. Pause and continue take effect on `paused` as
   * they are taken; a repeated one, or a step request while not paused (it is only offered while
   * paused), is dropped. */
  takeLive(): InterventionRequest | undefined {
    for (let r = this.live.shift(); r; r = this.live.shift()) {
      if (r.action === 'pause') {
        if (this.paused) continue;
        this.paused = true;
      } else if (r.action === 'continue') {
        if (!this.paused) continue;
        this.paused = false;
      } else if (r.action !== 'set' && !this.paused) continue;
      else if (r.action === 'stepBoth') this.fullSteps++;
      return r;
    }
    return undefined;
  }

  /** Full steps asked for while paused and not yet taken. */
  fullSteps = 0;

  /** Whether the loop may take its next step: not paused, or a full step was asked for. */
  mayStep(): boolean {
    if (!this.paused) return true;
    if (this.fullSteps === 0) return false;
    this.fullSteps--;
    return true;
  }

  /** Recorded interventions not yet replayed (a replayed run that ended early). */
  get pendingReplay(): number {
    return this.replay.length;
  }
}
