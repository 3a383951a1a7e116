// Chooses the WebAssembly thread count by measuring the run's own steps: a second thread halves
// XNNPACK's work while the other processor is idle and slows it while something else keeps that
// processor busy, so no fixed count is right everywhere. The steps' results do not depend on the
// count, so choosing by time keeps a run reproducible. Pure: the caller times the steps and
// applies the switches.

export interface ThreadDecision {
  threads: number;
  /** Median milliseconds of a training step on each count tried. */
  msPerStep: Record<number, number>;
}

/** Steps skipped after the start and after each switch (first calls make XNNPACK operators). */
const SETTLE = 2;
/** Steps timed on each count. */
const SAMPLES = 4;
/** More threads must be this much faster to be kept: a tie goes to the count that leaves the
 * processor to the rest of the machine. */
const MARGIN = 0.95;

export class ThreadTuner {
  private phase: 'many' | 'one' | 'done' = 'many';
  private seen = 0;
  private readonly times: Record<number, number[]> = {};
  decision?: ThreadDecision;

  /** `threads`: the count the backend started with (more than 1); `set` switches it. */
  constructor(
    private readonly threads: number,
    private readonly set: (n: number) => void,
  ) {}

  /** A training step took `ms`; returns the decision once, when it is made. */
  observe(ms: number): ThreadDecision | undefined {
    if (this.phase === 'done') return undefined;
    const count = this.phase === 'many' ? this.threads : 1;
    this.seen++;
    if (this.seen <= SETTLE) return undefined;
    (this.times[count] ??= []).push(ms);
    if (this.times[count].length < SAMPLES) return undefined;
    if (this.phase === 'many') {
      this.phase = 'one';
      this.seen = 0;
      this.set(1);
      return undefined;
    }
    this.phase = 'done';
    const msPerStep = { [this.threads]: median(this.times[this.threads]), 1: median(this.times[1]) };
    const threads = msPerStep[this.threads] < MARGIN * msPerStep[1] ? this.threads : 1;
    if (threads !== 1) this.set(threads);
    this.decision = { threads, msPerStep };
    return this.decision;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One line for people: "2 threads (measured: 2 threads 180 ms a step, 1 thread 330 ms)". */
export function describeThreadDecision(d: ThreadDecision): string {
  const name = (n: number) => (n === 1 ? '1 thread' : `${n} threads`);
  const tried = Object.keys(d.msPerStep)
    .map(Number)
    .sort((a, b) => b - a)
    .map((n, i) => `${name(n)} ${d.msPerStep[n].toFixed(0)} ms${i === 0 ? ' a step' : ''}`)
    .join(', ');
  return `${name(d.threads)} (measured: ${tried})`;
}
