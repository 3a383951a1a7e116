import * as assert from 'assert';
import { EventEmitter, PassThrough } from 'stream';
import * as fs from 'fs';
import * as path from 'path';
import type { HostToTrainer, TrainerToHost } from '../../../src/shared/trainerProtocol';
import { TrainingSession, type SessionOptions, type TrainerProcess } from '../../../src/host/trainingSession';
import { TrainingSessions } from '../../../src/host/trainingSessions';
import { tempDir } from '../../helpers/cli';

/** A trainer process that does what the test says, when it says it. */
class FakeTrainer extends EventEmitter implements TrainerProcess {
  readonly sent: HostToTrainer[] = [];
  readonly signals: string[] = [];
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  connected = true;
  alive = true;
  /** Whether the trainer obeys a stop message (a trainer hung in a step does not). */
  obeysStop = true;

  readonly pid: number | undefined;

  /** @param spawned false for a process that never started (no pid, an 'error' event instead) */
  constructor(spawned = true) {
    super();
    this.pid = spawned ? 4242 : undefined;
    this.connected = spawned;
  }

  send(message: HostToTrainer): boolean {
    this.sent.push(message);
    if (message.type === 'stop' && this.obeysStop) {
      setImmediate(() => {
        this.reply({
          type: 'finished',
          summary: {
            status: 'stopped',
            name: 'x',
            steps: 7,
            totalSteps: 100,
            backend: 'cpu',
            stepsPerSecond: 3,
            wallSeconds: 2,
            startedAt: '',
            metrics: {},
          },
        });
        this.exit(0, null);
      });
    }
    return true;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    if (signal === 'SIGKILL') setImmediate(() => this.exit(null, 'SIGKILL'));
    return true;
  }

  reply(message: TrainerToHost | Record<string, unknown>): void {
    this.emit('message', message);
  }

  exit(code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.alive) return;
    this.alive = false;
    this.connected = false;
    this.emit('exit', code, signal);
  }
}

function harness(overrides: Partial<SessionOptions> = {}) {
  const lines: string[] = [];
  const runDir = path.join(tempDir(), 'run');
  fs.mkdirSync(runDir);
  let child: FakeTrainer | undefined;
  const options: SessionOptions = {
    file: '/w/x.gan.json',
    text: '{}',
    experimentName: 'x',
    totalSteps: 100,
    runDir,
    backend: 'cpu',
    trainerScript: 'trainer.js',
    log: { appendLine: (l) => lines.push(l) },
    fork: () => (child = new FakeTrainer()),
    stopGraceMs: 30,
    ...overrides,
  };
  return { options, lines, runDir, child: () => child! };
}

const started: TrainerToHost = {
  type: 'started',
  runDir: '/r',
  totalSteps: 100,
  backend: 'cpu',
  backendDescription: 'cpu',
  skipped: [],
};
const tick = () => new Promise((r) => setImmediate(r));

/** Writes what a trainer writes first, so the run folder is a run. */
function beginRun(runDir: string): void {
  fs.writeFileSync(path.join(runDir, 'experiment.json'), '{}');
  fs.writeFileSync(path.join(runDir, 'summary.json'), JSON.stringify({ status: 'running', steps: 0 }));
}

describe('training session lifecycle', () => {
  it('runs: sends the start, relays metrics and the final status, then ends once', async () => {
    const h = harness();
    const s = new TrainingSession(h.options);
    assert.strictEqual(h.child().sent[0].type, 'start');
    const ends: string[] = [];
    s.onDidEnd((st) => ends.push(st.status));
    h.child().reply(started);
    h.child().reply({
      type: 'metrics',
      records: [{ step: 10, dLoss: 1, gLoss: 1, dReal: 0.5, dFake: 0.5, wallSeconds: 1 }],
      stepsPerSecond: 10,
      etaSeconds: 9,
    });
    assert.strictEqual(s.status.step, 10);
    assert.ok(s.isRunning);
    h.child().reply({
      type: 'finished',
      summary: {
        status: 'completed',
        name: 'x',
        steps: 100,
        totalSteps: 100,
        backend: 'cpu',
        stepsPerSecond: 9,
        wallSeconds: 11,
        startedAt: '',
        metrics: {},
      },
    });
    h.child().exit(0, null);
    h.child().exit(0, null);
    assert.deepStrictEqual(ends, ['completed']);
    assert.strictEqual((await s.ended).status, 'completed');
  });

  it("keeps the run's alarms in its status, in order, and drops a malformed one", () => {
    const h = harness();
    const s = new TrainingSession(h.options);
    h.child().reply(started);
    const alarm = {
      id: 'discriminatorWins' as const,
      step: 200,
      message: 'The discriminator is winning.',
      remedy: 'Lower "training.dSteps".',
      field: ['training', 'dSteps'],
    };
    h.child().reply({ type: 'alarm', alarm });
    h.child().reply({ type: 'alarm', alarm: { ...alarm, field: 'training.dSteps' } } as Record<string, unknown>);
    h.child().reply({ type: 'alarm', alarm: { ...alarm, id: 'modeCollapse' as const, step: 900 } });
    assert.deepStrictEqual(
      s.status.alarms?.map((a) => [a.id, a.step]),
      [
        ['discriminatorWins', 200],
        ['modeCollapse', 900],
      ],
    );
    assert.ok(h.lines.some((l) => /warning at step 200: The discriminator is winning/.test(l)));
  });

  it('stopping: asks the trainer to stop, and ends with its own status', async () => {
    const h = harness();
    const s = new TrainingSession(h.options);
    h.child().reply(started);
    s.stop();
    assert.ok(s.isStopping);
    assert.deepStrictEqual(
      h.child().sent.map((m) => m.type),
      ['start', 'stop'],
    );
    assert.strictEqual((await s.ended).status, 'stopped');
    assert.deepStrictEqual(h.child().signals, [], 'a trainer that stops in time is not killed');
  });

  it('hung in a step: Stop kills it after the grace period, and says so in the run and on screen', async () => {
    const h = harness();
    const s = new TrainingSession(h.options);
    h.child().obeysStop = false;
    beginRun(h.runDir);
    h.child().reply(started);
    s.stop();
    const end = await s.ended;
    assert.deepStrictEqual(h.child().signals, ['SIGKILL']);
    assert.strictEqual(end.status, 'failed');
    assert.match(end.error!, /did not stop within \d+ s of Stop .*killed/);
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(h.runDir, 'summary.json'), 'utf8')).status, 'failed');
  });

  it('crashed early: a trainer that dies before its run folder holds anything still ends the session', async () => {
    const h = harness();
    const s = new TrainingSession(h.options);
    fs.rmdirSync(h.runDir); // as when tfjs-node crashes the process on load
    h.child().exit(1, null);
    const end = await s.ended;
    assert.strictEqual(end.status, 'failed');
    assert.match(end.error!, /ended unexpectedly \(exit code 1\)/);
    assert.strictEqual(s.isRunning, false, 'the lens shows Train again, not Stop');
  });

  it('crashed early: the empty folder made for the run is not left behind', async () => {
    const h = harness();
    const s = new TrainingSession(h.options);
    h.child().exit(null, 'SIGSEGV');
    assert.strictEqual((await s.ended).status, 'failed');
    assert.strictEqual(fs.existsSync(h.runDir), false);
  });

  it('crashed late: the run folder keeps what it had and is marked failed with the reason', async () => {
    const h = harness();
    const s = new TrainingSession(h.options);
    beginRun(h.runDir);
    h.child().reply(started);
    h.child().exit(null, 'SIGKILL');
    const end = await s.ended;
    assert.match(end.error!, /signal SIGKILL/);
    const summary = JSON.parse(fs.readFileSync(path.join(h.runDir, 'summary.json'), 'utf8'));
    assert.strictEqual(summary.status, 'failed');
    assert.match(summary.error, /signal SIGKILL/);
  });

  it('a trainer process that cannot start at all ends the session with the reason', async () => {
    const h = harness({
      fork: () => {
        const c = new FakeTrainer(false);
        setImmediate(() => c.emit('error', new Error('spawn ENOENT')));
        return c;
      },
    });
    const s = new TrainingSession(h.options);
    const end = await s.ended;
    assert.strictEqual(end.status, 'failed');
    assert.match(end.error!, /could not start: spawn ENOENT/);
  });

  it('logs whole lines, however the output is cut into chunks', async () => {
    const h = harness();
    new TrainingSession(h.options);
    h.child().stdout.write('first li');
    h.child().stdout.write('ne\nsecond line\nthi');
    h.child().stdout.end('rd\n');
    h.child().stderr.end('no newline at the end');
    await tick();
    const out = h.lines.filter((l) => !l.includes('starting trainer'));
    assert.deepStrictEqual(out, ['[x] first line', '[x] second line', '[x] third', '[x] no newline at the end']);
  });

  it('drops a malformed trainer message, such as a summary without its speed', () => {
    const h = harness();
    const s = new TrainingSession(h.options);
    h.child().reply({ type: 'finished', summary: { status: 'completed', steps: 1, totalSteps: 1 } } as Record<
      string,
      unknown
    >);
    assert.ok(s.isRunning);
    assert.ok(h.lines.some((l) => /malformed/.test(l)));
  });
});

describe('training sessions of a window', () => {
  it('restarted: the old session, still stopping, keeps its kill timer and its end is seen', async () => {
    const sessions = new TrainingSessions();
    const h = harness();
    const first = sessions.start(h.options);
    const oldChild = h.child();
    oldChild.obeysStop = false;
    oldChild.reply(started);
    const ends: string[] = [];
    first.onDidEnd((st) => ends.push(st.status));
    first.stop();
    const second = sessions.start({ ...h.options, runDir: path.join(path.dirname(h.runDir), 'run-2') });
    assert.notStrictEqual(second, first);
    assert.strictEqual(sessions.get(h.options.file), second);
    await first.ended;
    assert.deepStrictEqual(oldChild.signals, ['SIGKILL'], 'the hung trainer was killed, not forgotten');
    assert.deepStrictEqual(ends, ['failed']);
    assert.ok(second.isRunning);
    sessions.dispose();
  });

  it('disposing a session stops its trainer (it checkpoints) and still kills it if it hangs', async () => {
    const h = harness();
    const s = new TrainingSession(h.options);
    h.child().obeysStop = false;
    s.dispose();
    assert.deepStrictEqual(
      h.child().sent.map((m) => m.type),
      ['start', 'stop'],
    );
    await s.ended;
    assert.deepStrictEqual(h.child().signals, ['SIGKILL']);
  });
});
