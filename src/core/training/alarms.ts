// Failure alarms: the known ways a GAN run goes wrong, recognised from the logged series as they
// arrive (a rolling window over the logged steps, no extra passes over the networks), each with its
// evidence and a remedy that names the experiment field to change. Pure; no TensorFlow.js.
import type { Experiment } from '../experiment/types';
import type { Alarm, AlarmId, MetricsRecord } from '../run/runRecords';

export type { Alarm } from '../run/runRecords';

/** Logged steps the discriminator's dominance must last: long enough that a burst is not one. */
const WINNING_WINDOW = 20;
/**
 * D(x) above this and D(G(z)) below 1 minus it, on average over the window: the discriminator
 * tells every sample apart and the generator's gradient vanishes (ganhacks; Google's Machine
 * Learning crash course, "Common problems": the discriminator "too good").
 */
const WINNING_CONFIDENCE = 0.95;
/** Modes lost from the best seen, at least, for mode collapse: a quarter of them, and two. */
const COLLAPSE_FRACTION = 0.25;

export class AlarmWatch {
  private readonly window: MetricsRecord[] = [];
  private readonly raised = new Set<AlarmId>();
  private bestModes: { step: number; modes: number } | undefined;
  private evaluationsBelow = 0;

  constructor(private readonly experiment: Experiment) {}

  /** Takes the next logged record; returns the alarms it raises (each at most once a run). */
  observe(record: MetricsRecord): Alarm[] {
    const raised: Alarm[] = [];
    const add = (a: Alarm | undefined) => {
      if (a && !this.raised.has(a.id)) {
        this.raised.add(a.id);
        raised.push(a);
      }
    };
    this.window.push(record);
    if (this.window.length > WINNING_WINDOW) this.window.shift();
    add(this.discriminatorWins());
    if (record.modesCovered !== undefined && record.modeCount !== undefined) add(this.modeCollapse(record));
    return raised;
  }

  private discriminatorWins(): Alarm | undefined {
    // D(x) and D(G(z)) are probabilities only with the cross-entropy loss; least squares aims them
    // at 1 and 0 as well. Hinge and Wasserstein critics give unbounded scores.
    const loss = this.experiment.loss;
    if ((loss !== 'bce' && loss !== 'lsgan') || this.window.length < WINNING_WINDOW) return undefined;
    const mean = (f: (r: MetricsRecord) => number) => this.window.reduce((s, r) => s + f(r), 0) / this.window.length;
    const real = mean((r) => r.dReal);
    const fake = mean((r) => r.dFake);
    if (!(real > WINNING_CONFIDENCE && fake < 1 - WINNING_CONFIDENCE)) return undefined;
    const first = this.window[0].step;
    const last = this.window[this.window.length - 1].step;
    const rate = this.experiment.training.discriminatorOptimizer.learningRate;
    const dSteps = this.experiment.training.dSteps;
    return {
      id: 'discriminatorWins',
      step: last,
      message: `The discriminator is winning: from step ${first} to ${last} it averaged D(x) = ${real.toFixed(3)} and D(G(z)) = ${fake.toFixed(3)} (D loss ${mean((r) => r.dLoss).toFixed(3)}), so the generator learns almost nothing.`,
      remedy:
        dSteps > 1
          ? `Train the discriminator less: lower "training.dSteps" (now ${dSteps}) or its learning rate (now ${rate}); instance noise ("training.instanceNoise") also blurs what it can tell apart.`
          : `Slow the discriminator down: lower "training.discriminatorOptimizer.learningRate" (now ${rate}), or add instance noise ("training.instanceNoise": 0.1).`,
      field: dSteps > 1 ? ['training', 'dSteps'] : ['training', 'discriminatorOptimizer', 'learningRate'],
    };
  }

  private modeCollapse(record: MetricsRecord): Alarm | undefined {
    const count = record.modeCount!;
    const modes = record.modesCovered!;
    if (!this.bestModes || modes > this.bestModes.modes) this.bestModes = { step: record.step, modes };
    const best = this.bestModes;
    const lost = best.modes - modes;
    // Only after the generator once covered most of the modes, and for two evaluations running:
    // early evaluations and one unlucky draw do not count.
    const collapsed = best.modes >= count / 2 && lost >= Math.max(2, Math.ceil(COLLAPSE_FRACTION * count));
    this.evaluationsBelow = collapsed ? this.evaluationsBelow + 1 : 0;
    if (this.evaluationsBelow < 2) return undefined;
    const pack = this.experiment.discriminator.pack;
    return {
      id: 'modeCollapse',
      step: record.step,
      message: `Mode collapse: the generator covered ${best.modes} of ${count} modes at step ${best.step}, and ${modes} at step ${record.step}.`,
      remedy:
        pack < 2
          ? 'Let the discriminator see samples in pairs: set "discriminator.pack" to 2 (PacGAN), or add instance noise ("training.instanceNoise").'
          : `Pack more samples ("discriminator.pack", now ${pack}) or add instance noise ("training.instanceNoise").`,
      field: ['discriminator', 'pack'],
    };
  }
}
