import * as assert from 'assert';
import { Throttle } from '../../../src/host/throttle';

describe('Throttle (lens and status bar redraws)', () => {
  let now = 0;
  const clock = () => now;
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('runs the first call at once and folds a burst into one trailing call', async () => {
    now = 1000;
    let calls = 0;
    const t = new Throttle(() => calls++, 40, clock);
    t.call();
    assert.strictEqual(calls, 1, 'the first call is not delayed');
    now = 1010;
    t.call();
    t.call();
    t.call();
    assert.strictEqual(calls, 1, 'calls inside the interval wait');
    now = 1040;
    await wait(60);
    assert.strictEqual(calls, 2, 'the burst ends in exactly one trailing call');
    now = 2000;
    t.call();
    assert.strictEqual(calls, 3, 'a call after a quiet interval runs at once');
    t.dispose();
  });

  it('drops a pending call when disposed', async () => {
    now = 0;
    let calls = 0;
    const t = new Throttle(() => calls++, 20, clock);
    t.call();
    t.call();
    t.dispose();
    await wait(40);
    assert.strictEqual(calls, 1);
  });
});
