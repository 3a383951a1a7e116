import * as assert from 'assert';
import { NOT_INSTALLED } from '../../../src/core/backend/backendNames';
import { shouldOfferNativeBackend } from '../../../src/host/nativeOffer';
import { stopTarget } from '../../../src/host/stopTarget';

const session = (name: string, isRunning: boolean) => ({ name, isRunning });
const sessionsOf = (...list: Array<[string, ReturnType<typeof session>]>) => ({
  get: (file: string) => list.find(([f]) => f === file)?.[1],
  running: () => list.map(([, s]) => s).filter((s) => s.isRunning),
});

describe('which run a Stop stops', () => {
  it('stops only the file it names, even when another experiment is the one training', () => {
    const b = session('b', true);
    const sessions = sessionsOf(['/a.gan.json', session('a', false)], ['/b.gan.json', b]);
    assert.deepStrictEqual(stopTarget(sessions, '/a.gan.json', '/b.gan.json'), {
      kind: 'notTraining',
      file: '/a.gan.json',
    });
    assert.deepStrictEqual(stopTarget(sessions, '/c.gan.json', undefined), {
      kind: 'notTraining',
      file: '/c.gan.json',
    });
    assert.deepStrictEqual(stopTarget(sessions, '/b.gan.json', undefined), { kind: 'stop', session: b });
  });

  it("without a file: the active editor's run, else the only run, else asks", () => {
    const a = session('a', true);
    const b = session('b', true);
    assert.deepStrictEqual(stopTarget(sessionsOf(['/a', a], ['/b', b]), undefined, '/b'), { kind: 'stop', session: b });
    assert.deepStrictEqual(stopTarget(sessionsOf(['/a', a], ['/b', b]), undefined, '/other'), {
      kind: 'pick',
      sessions: [a, b],
    });
    assert.deepStrictEqual(stopTarget(sessionsOf(['/a', a], ['/b', session('b', false)]), undefined, '/b'), {
      kind: 'stop',
      session: a,
    });
    assert.deepStrictEqual(stopTarget(sessionsOf(['/a', session('a', false)]), undefined, '/a'), { kind: 'nothing' });
  });
});

describe('the native-backend offer', () => {
  it('comes only when auto fell back to WebAssembly because tfjs-node is absent', () => {
    const absent = [{ name: 'tensorflow', reason: NOT_INSTALLED }];
    assert.strictEqual(shouldOfferNativeBackend('auto', 'wasm', absent), true);
    assert.strictEqual(
      shouldOfferNativeBackend('auto', 'cpu', [
        ...absent,
        { name: 'wasm', reason: 'the WebAssembly module did not start' },
      ]),
      false,
      'a cpu fallback is another problem',
    );
    assert.strictEqual(
      shouldOfferNativeBackend('auto', 'wasm', [
        { name: 'tensorflow', reason: 'installed, but it failed to load: libtensorflow.so.2' },
      ]),
      false,
      'installed already',
    );
    assert.strictEqual(shouldOfferNativeBackend('wasm', 'wasm', []), false, 'wasm was asked for');
  });
});
