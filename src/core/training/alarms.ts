// Failure alarms: the known ways a GAN run goes wrong, recognised from the logged series as they
// arrive (blocks of logged steps and the quality evaluations, no extra passes over the networks),
// each with its evidence and a remedy that names the experiment field to change. Pure; no
// TensorFlow.js. The README's "Failure alarms" table gives each rule with its source.
import type { Experiment } from '../experiment/types';
import type { Alarm, AlarmId, MetricsRecord } from '../run/runRecords';

export type { Alarm } from '../run/runRecords';

/** Logged steps in a block: long enough that a burst is not a trend. */
const BLOCK = 20;
/** Logged steps the discriminator's dominance must last: the shipped MNIST example has it for
 * about 20 early on (D learns the digits before G does) and recovers. */
const WINNING_WINDOW = 50;
/**
 * D(x) above this and D(G(z)) below 1 minus it, on average over a block: the discriminator
 * tells every sample apart and the generator's gradient vanishes (ganhacks; Google's Machine
 * Learning crash course, "Common problems": the discriminator "too good").
 */
const WINNING_CONFIDENCE = 0.95;
/** Modes lost from the best seen, at least, for mode collapse: a quarter of them, and two. */
const COLLAPSE_FRACTION = 0.25;
/** Near-duplicate fractions: varied samples below the first; collapsed at or above the second
 * (real digits: 0; the shipped MNIST example, evaluated every 100 steps: 0 at step 100, all of
 * them at steps 300 and 400 while its discriminator leads, 0 from step 600), for 3 evaluations
 * running after varied ones, or 5 from the start (a generator that never made varied samples). */
const DIVERSE_BELOW = 0.25;
const DUPLICATED_FROM = 0.8;
const DUPLICATED_AFTER_DIVERSE = 3;
const DUPLICATED_FROM_START = 5;
/** G loss exploding: a block's mean this many times the lowest block mean, and this far above it
 * (in nats under bce: D(G(z)) fell by e^2 on top of the ratio). */
const EXPLODE_RATIO = 4;
const EXPLODE_RISE = 2;
/** Oscillation: two blocks running whose step-to-step swing of G loss is above the loss's floor,
 * while the samples get worse again: the last MMD² at least this many times the best so far. The
 * swing alone does not tell: healthy image runs swing by up to 1 nat under bce once D and G are
 * sharp, but their quality keeps (roughly) improving. Least squares losses are bounded by 1/2
 * where the discriminator is right, so their floor is lower; a critic's scale is its own. */
const OSCILLATION_MIN_SWING: Partial<Record<Experiment['loss'], number>> = { bce: 0.6, hinge: 0.6, lsgan: 0.1 };
const OSCILLATION_QUALITY_LOSS = 2;
/** No learning: D(x) and D(G(z)) within this of their first block's, and MMD no better than this
 * fraction of its first value, after this many evaluations. */
const STUCK_SCORE = 0.02;
const STUCK_QUALITY = 0.8;
const STUCK_EVALUATIONS = 4;
/** Gradient norms: a block's mean below or above the first block's by these factors (two orders
 * of magnitude up, three down). */
const VANISH_FACTOR = 1e-3;
const EXPLODE_FACTOR = 100;
/** ... and, to explode, above this: a generator's first gradients are small while D is still
 * guessing, and grow a hundredfold in healthy runs (long rings: 0.14 to 15); healthy runs of the
 * examples stay under 30. */
const LARGE_GRADIENT_NORM = 100;

/** A block of logged steps, reduced to what the rules read. */
interface Block {
  first: number;
  last: number;
  mean: (f: (r: MetricsRecord) => number | undefined) => number;
  /** How far the series moves from one logged step to the next: the root mean square of its
   * differences over root 2, which is the standard deviation for noise and ignores a steady
   * trend (a loss that climbs is exploding, not oscillating). */
  swing: (f: (r: MetricsRecord) => number) => number;
}

function blockOf(records: MetricsRecord[]): Block {
  const mean = (f: (r: MetricsRecord) => number | undefined) => {
    let sum = 0;
    let n = 0;
    for (const r of records) {
      const v = f(r);
      if (v !== undefined && Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    return n ? sum / n : NaN;
  };
  return {
    first: records[0].step,
    last: records[records.length - 1].step,
    mean,
    swing: (f) => {
      let sum = 0;
      for (let i = 1; i < records.length; i++) sum += (f(records[i]) - f(records[i - 1])) ** 2;
      return records.length > 1 ? Math.sqrt(sum / (records.length - 1) / 2) : 0;
    },
  };
}

const fixed = (v: number, digits = 3) => v.toFixed(digits);
const precise = (v: number) => (v === 0 ? '0' : v.toPrecision(3));
const gLoss = (r: MetricsRecord) => r.gLoss;

export class AlarmWatch {
  private readonly window: MetricsRecord[] = [];
  private readonly raised = new Set<AlarmId>();
  private readonly blocks: Block[] = [];
  private pending: MetricsRecord[] = [];
  private bestModes: { step: number; modes: number } | undefined;
  private evaluationsBelow = 0;
  private diverseAt: { step: number; fraction: number } | undefined;
  /** The evaluations running with most samples twinned, oldest first. */
  private duplicated: Array<{ step: number; fraction: number }> = [];
  private readonly mmds: Array<{ step: number; mmd: number }> = [];
  /** Mixtures: the first and the last evaluation's modes covered. */
  private firstModes: { step: number; modes: number } | undefined;
  private lastModes: { step: number; modes: number; count: number } | undefined;

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
    const winning = this.discriminatorWins();
    add(winning);
    if (record.modesCovered !== undefined && record.modeCount !== undefined) add(this.modeCollapse(record));
    if (record.duplicateFraction !== undefined) add(this.nearDuplicates(record));
    if (record.mmd !== undefined && Number.isFinite(record.mmd)) this.mmds.push({ step: record.step, mmd: record.mmd });
    if (record.modesCovered !== undefined && record.modeCount !== undefined) {
      this.firstModes ??= { step: record.step, modes: record.modesCovered };
      this.lastModes = { step: record.step, modes: record.modesCovered, count: record.modeCount };
    }
    this.pending.push(record);
    if (this.pending.length === BLOCK) {
      this.blocks.push(blockOf(this.pending));
      this.pending = [];
      // A winning discriminator also drives the generator's loss up: that alarm says why.
      if (!winning && !this.raised.has('discriminatorWins')) add(this.generatorLossExplodes());
      add(this.lossesOscillate());
      add(this.noLearning());
      add(this.gradientsOutOfRange());
    }
    return raised;
  }

  private get rates() {
    const t = this.experiment.training;
    return { g: t.generatorOptimizer.learningRate, d: t.discriminatorOptimizer.learningRate };
  }

  /** Probabilities (bce) or targets of 1 and 0 (lsgan): the scores the score rules can judge. */
  private get boundedScores(): boolean {
    return this.experiment.loss === 'bce' || this.experiment.loss === 'lsgan';
  }

  private discriminatorWins(): Alarm | undefined {
    // Hinge and Wasserstein critics give unbounded scores.
    if (!this.boundedScores || this.window.length < WINNING_WINDOW) return undefined;
    const b = blockOf(this.window);
    const real = b.mean((r) => r.dReal);
    const fake = b.mean((r) => r.dFake);
    if (!(real > WINNING_CONFIDENCE && fake < 1 - WINNING_CONFIDENCE)) return undefined;
    const dSteps = this.experiment.training.dSteps;
    return {
      id: 'discriminatorWins',
      step: b.last,
      message: `The discriminator is winning: from step ${b.first} to ${b.last} it averaged D(x) = ${fixed(real)} and D(G(z)) = ${fixed(fake)} (D loss ${fixed(b.mean((r) => r.dLoss))}), so the generator learns almost nothing.`,
      remedy:
        dSteps > 1
          ? `Train the discriminator less: lower "training.dSteps" (now ${dSteps}) or its learning rate (now ${this.rates.d}); instance noise ("training.instanceNoise") also blurs what it can tell apart.`
          : `Slow the discriminator down: lower "training.discriminatorOptimizer.learningRate" (now ${this.rates.d}), or add instance noise ("training.instanceNoise": 0.1).`,
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
    return {
      id: 'modeCollapse',
      step: record.step,
      message: `Mode collapse: the generator covered ${best.modes} of ${count} modes at step ${best.step}, and ${modes} at step ${record.step}.`,
      remedy: this.packRemedy(),
      field: ['discriminator', 'pack'],
    };
  }

  private packRemedy(): string {
    const pack = this.experiment.discriminator.pack;
    return pack < 2
      ? 'Let the discriminator see samples in pairs: set "discriminator.pack" to 2 (PacGAN), or add instance noise ("training.instanceNoise").'
      : `Pack more samples ("discriminator.pack", now ${pack}) or add instance noise ("training.instanceNoise").`;
  }

  /** Mode collapse on images: most samples of the fixed latent batch have a near twin. */
  private nearDuplicates(record: MetricsRecord): Alarm | undefined {
    const fraction = record.duplicateFraction!;
    // A young generator's samples can all be alike too, and a generator's for a while when its
    // discriminator leads: it has collapsed when that lasts.
    if (fraction < DIVERSE_BELOW) this.diverseAt ??= { step: record.step, fraction };
    this.duplicated = fraction >= DUPLICATED_FROM ? [...this.duplicated, { step: record.step, fraction }] : [];
    const needed = this.diverseAt ? DUPLICATED_AFTER_DIVERSE : DUPLICATED_FROM_START;
    if (this.duplicated.length < needed) return undefined;
    const first = this.duplicated[this.duplicated.length - needed];
    const pct = (v: number) => `${Math.round(v * 100)} %`;
    const since = this.diverseAt
      ? `, against ${pct(this.diverseAt.fraction)} at step ${this.diverseAt.step}`
      : ', and at every evaluation between';
    return {
      id: 'nearDuplicates',
      step: record.step,
      message: `Mode collapse: ${pct(first.fraction)} of the fixed latent batch's samples had a near twin at step ${first.step}, and ${pct(fraction)} at step ${record.step}${since} (real images: none): the generator maps different noise to the same images.`,
      remedy: this.packRemedy(),
      field: ['discriminator', 'pack'],
    };
  }

  private generatorLossExplodes(): Alarm | undefined {
    if (this.experiment.loss === 'wgan-gp' || this.blocks.length < 3) return undefined;
    const means = this.blocks.map((b) => b.mean(gLoss));
    const lowest = Math.min(...means.slice(0, -2));
    const at = means.indexOf(lowest);
    const high = (m: number) => m > EXPLODE_RATIO * lowest && m - lowest > EXPLODE_RISE;
    const [previous, last] = means.slice(-2);
    if (!(high(previous) && high(last) && last >= previous)) return undefined;
    const b = this.blocks[this.blocks.length - 1];
    return {
      id: 'generatorLossExplodes',
      step: b.last,
      message: `The generator's loss is exploding: it averaged ${fixed(lowest)} from step ${this.blocks[at].first} to ${this.blocks[at].last}, and ${fixed(last)} from step ${b.first} to ${b.last}, still rising.`,
      remedy: `The discriminator is pulling away: lower "training.discriminatorOptimizer.learningRate" (now ${this.rates.d}) or add instance noise ("training.instanceNoise": 0.1).`,
      field: ['training', 'discriminatorOptimizer', 'learningRate'],
    };
  }

  private lossesOscillate(): Alarm | undefined {
    const floor = OSCILLATION_MIN_SWING[this.experiment.loss];
    // A discriminator that wins or pulls away makes the generator's loss jump too: those say why.
    const explained = this.raised.has('discriminatorWins') || this.raised.has('generatorLossExplodes');
    if (floor === undefined || this.blocks.length < 2 || explained) return undefined;
    if (this.mmds.length < 3) return undefined;
    const [before, b] = this.blocks.slice(-2);
    const [previous, last] = [before.swing(gLoss), b.swing(gLoss)];
    const best = this.mmds.reduce((x, y) => (y.mmd < x.mmd ? y : x));
    const now = this.mmds[this.mmds.length - 1];
    if (!(previous > floor && last > floor && now.mmd >= OSCILLATION_QUALITY_LOSS * best.mmd)) return undefined;
    const g = this.experiment.training.generatorOptimizer;
    const beta = g.type === 'adam' && g.beta1 > 0.5 ? `, and Adam's "beta1" to 0.5 (now ${g.beta1}) as DCGAN does` : '';
    return {
      id: 'lossesOscillate',
      step: b.last,
      message: `The losses oscillate and the samples with them: from step ${before.first} to ${b.last} the generator's loss swung by ±${fixed(Math.min(previous, last), 2)} or more from one logged step to the next, and MMD² is back at ${fixed(now.mmd, 4)} (step ${now.step}), against its best of ${fixed(best.mmd, 4)} (step ${best.step}).`,
      remedy: `Lower both learning rates ("training.generatorOptimizer.learningRate", now ${this.rates.g}, and the discriminator's, now ${this.rates.d})${beta}.`,
      field: ['training', 'generatorOptimizer', 'learningRate'],
    };
  }

  private noLearning(): Alarm | undefined {
    if (!this.boundedScores || this.blocks.length < 2 || this.mmds.length < STUCK_EVALUATIONS) return undefined;
    const [start, now] = [this.blocks[0], this.blocks[this.blocks.length - 1]];
    const moved = (f: (r: MetricsRecord) => number) => Math.abs(now.mean(f) - start.mean(f));
    const [firstMmd, lastMmd] = [this.mmds[0], this.mmds[this.mmds.length - 1]];
    // The quality has not improved, and is poor. On mixtures, modes say both: a generator that
    // starts near the data has a low MMD from the first evaluation on. Elsewhere (images), a
    // generator's first samples are far from the data, so an MMD that has not fallen says both.
    const [firstModes, lastModes] = [this.firstModes, this.lastModes];
    const poor = lastModes
      ? lastModes.modes < lastModes.count / 2 && lastModes.modes <= firstModes!.modes
      : lastMmd.mmd >= STUCK_QUALITY * firstMmd.mmd;
    const stuck = moved((r) => r.dReal) < STUCK_SCORE && moved((r) => r.dFake) < STUCK_SCORE && poor;
    if (!stuck) return undefined;
    const quality = lastModes
      ? `the generator covers ${lastModes.modes} of ${lastModes.count} modes at step ${lastModes.step} (${firstModes!.modes} at step ${firstModes!.step})`
      : `MMD² is ${fixed(lastMmd.mmd, 4)} at step ${lastMmd.step} against ${fixed(firstMmd.mmd, 4)} at step ${firstMmd.step}`;
    return {
      id: 'noLearning',
      step: now.last,
      message: `Nothing is being learned: D(x) and D(G(z)) averaged ${fixed(now.mean((r) => r.dReal))} and ${fixed(now.mean((r) => r.dFake))} from step ${now.first} to ${now.last}, as at the start (${fixed(start.mean((r) => r.dReal))} and ${fixed(start.mean((r) => r.dFake))}), and ${quality}.`,
      remedy: `Raise the learning rates ("training.generatorOptimizer.learningRate", now ${this.rates.g}, and the discriminator's, now ${this.rates.d}); 2e-4 with Adam is the usual start.`,
      field: ['training', 'generatorOptimizer', 'learningRate'],
    };
  }

  private gradientsOutOfRange(): Alarm | undefined {
    if (this.blocks.length < 2) return undefined;
    const [start, now] = [this.blocks[0], this.blocks[this.blocks.length - 1]];
    for (const [net, norm, rate, key] of [
      ['generator', (r: MetricsRecord) => r.gGradNorm, this.rates.g, 'generatorOptimizer'],
      ['discriminator', (r: MetricsRecord) => r.dGradNorm, this.rates.d, 'discriminatorOptimizer'],
    ] as const) {
      const [first, last] = [start.mean(norm), now.mean(norm)];
      if (!(first > 0)) continue; // not logged (runs recorded before norms were)
      const span = `from step ${now.first} to ${now.last}, against ${precise(first)} from step ${start.first} to ${start.last}`;
      if (net === 'generator' && last < VANISH_FACTOR * first)
        return {
          id: 'gradientsVanish',
          step: now.last,
          message: `The generator's gradient vanished: its norm averaged ${precise(last)} ${span}.`,
          remedy: `Something saturates. Lower "training.generatorOptimizer.learningRate" (now ${this.rates.g}) if its output layer is stuck at its limits (tanh at ±1), or the discriminator's (now ${this.rates.d}) if it rejects every fake; "loss": "lsgan" keeps a gradient on confident fakes.`,
          // The faster of the two is the likelier cause.
          field: [
            'training',
            this.rates.g >= this.rates.d ? 'generatorOptimizer' : 'discriminatorOptimizer',
            'learningRate',
          ],
        };
      if (last > EXPLODE_FACTOR * first && last > LARGE_GRADIENT_NORM)
        return {
          id: 'gradientsExplode',
          step: now.last,
          message: `The ${net}'s gradient is exploding: its norm averaged ${precise(last)} ${span}.`,
          remedy: `Lower "training.${key}.learningRate" (now ${rate})${this.experiment.loss === 'wgan-gp' ? ', or raise "training.gradientPenalty"' : ''}.`,
          field: ['training', key, 'learningRate'],
        };
    }
    return undefined;
  }
}
