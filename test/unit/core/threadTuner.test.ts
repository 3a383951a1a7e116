import * as assert from 'assert';
import { describeThreadDecision, ThreadTuner } from '../../../src/core/training/threadTuner';

/** Feeds step times from `timeOf(threads)` until the tuner decides; returns the switches made. */
function tune(timeOf: (threads: number) => number, threads = 2) {
  const switches: number[] = [];
  let current = threads;
  const tuner = new ThreadTuner(threads, (n) => {
    switches.push(n);
    current = n;
  });
  for (let step = 1; step <= 50; step++) {
    // The first steps after a start or a switch are slow (XNNPACK makes its operators): ignored.
    const settling = step <= 2 || (switches.length > 0 && step <= 2 + 4 + 2);
    const decision = tuner.observe(timeOf(current) * (settling ? 5 : 1));
    if (decision) return { decision, switches, step };
  }
  return { decision: undefined, switches, step: 50 };
}

describe('choosing the WebAssembly thread count by timing the first steps', () => {
  it('keeps two threads where they are faster, after timing one thread', () => {
    const { decision, switches, step } = tune((n) => (n === 2 ? 180 : 330));
    assert.deepStrictEqual(switches, [1, 2]);
    assert.deepStrictEqual(decision, { threads: 2, msPerStep: { 1: 330, 2: 180 } });
    assert.strictEqual(step, 12, 'decided after 2 + 4 steps on each count');
  });

  it('goes down to one thread where two are slower (the other processor busy)', () => {
    const { decision, switches } = tune((n) => (n === 2 ? 550 : 410));
    assert.deepStrictEqual(switches, [1]);
    assert.strictEqual(decision?.threads, 1);
  });

  it('leaves the processor to the rest of the machine on a near tie', () => {
    assert.strictEqual(tune((n) => (n === 2 ? 98 : 100)).decision?.threads, 1);
  });

  it('decides once, and then switches no more', () => {
    const switches: number[] = [];
    const tuner = new ThreadTuner(2, (n) => switches.push(n));
    const decisions = Array.from({ length: 100 }, (_, i) => tuner.observe(i % 7 === 0 ? 500 : 100)).filter(Boolean);
    assert.strictEqual(decisions.length, 1);
    assert.ok(switches.length <= 2);
  });

  it('says what it measured', () => {
    assert.strictEqual(
      describeThreadDecision({ threads: 2, msPerStep: { 1: 330.4, 2: 180.2 } }),
      '2 threads (measured: 2 threads 180 ms a step, 1 thread 330 ms)',
    );
  });
});
