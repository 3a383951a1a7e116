import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readPngHeader } from '../../../src/core/render/png';
import { readRun } from '../../../src/core/run/readRun';
import { nativeBackendInstalled, requireBuild, startCli, tempDir, writeJson } from '../../helpers/cli';
import { tinyExperiment } from '../../helpers/experiments';

describe('gan-studio CLI', function () {
  this.timeout(120000);
  before(requireBuild);

  it('validates a good file (exit 0) and reports every error of a bad one with file:line:col (exit 1)', async () => {
    const dir = tempDir();
    const good = writeJson(dir, 'good.gan.json', tinyExperiment());
    assert.strictEqual((await startCli(['validate', good], dir)).code, 0);
    const bad = tinyExperiment({ seed: -2 });
    (bad.generator as { layers: unknown[] }).layers = [{ type: 'dense', units: 3 }];
    const badFile = writeJson(dir, 'bad.gan.json', bad);
    const r = await startCli(['validate', badFile], dir);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /bad\.gan\.json:3:11: error: "seed" must be >= 0/);
    assert.strictEqual(
      r.stderr.match(/: error: /g)?.length,
      1,
      'schema errors come first; shape checks need a schema-valid file',
    );
  });

  it('refuses to train an invalid experiment and writes nothing', async () => {
    const dir = tempDir();
    const exp = tinyExperiment();
    (exp.discriminator as { layers: unknown[] }).layers = [{ type: 'dense', units: 2 }];
    const file = writeJson(dir, 'x.gan.json', exp);
    const r = await startCli(['train', file], dir);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /x\.gan\.json:\d+:\d+: error: The discriminator must end in one unit/);
    assert.deepStrictEqual(fs.readdirSync(dir), ['x.gan.json']);
  });

  it('trains and records a complete run folder, with overrides of steps and seed', async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'tiny.gan.json', tinyExperiment());
    const r = await startCli(['train', file, '--steps', '30', '--seed', '11', '--backend', 'cpu'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /on backend cpu/);
    assert.match(r.stdout, /completed: 30\/30 steps/);
    const runsDir = path.join(dir, '.gan-runs', 'tiny');
    const [runId] = fs.readdirSync(runsDir);
    assert.match(runId, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
    const run = readRun(path.join(runsDir, runId));
    assert.strictEqual(run.experiment?.seed, 11);
    assert.strictEqual((run.experiment?.training as { steps: number }).steps, 30);
    assert.strictEqual(run.experiment?.backend, 'cpu');
    assert.deepStrictEqual(
      run.metrics.map((m) => m.step),
      [5, 10, 15, 20, 25, 30],
    );
    for (const m of run.metrics)
      for (const k of ['dLoss', 'gLoss', 'dReal', 'dFake']) assert.ok(Number.isFinite((m as never)[k]), k);
    assert.strictEqual(run.metrics[1].modeCount, 4);
    assert.ok(run.metrics[1].mmd !== undefined);
    assert.deepStrictEqual(
      run.samples.map((s) => s.step),
      [10, 20, 30],
    );
    assert.deepStrictEqual(readPngHeader(fs.readFileSync(path.join(run.dir, run.samples[0].image))), {
      width: 320,
      height: 348, // the plot and its caption's two lines
      channels: 3,
    });
    assert.strictEqual(run.samples[0].points?.heatmap.length, 900);
    assert.deepStrictEqual(fs.readdirSync(path.join(run.dir, 'checkpoint')).sort(), [
      'discriminator.json',
      'discriminator.optimizer.bin',
      'discriminator.weights.bin',
      'generator.json',
      'generator.optimizer.bin',
      'generator.weights.bin',
      'state.json',
    ]);
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(run.dir, 'checkpoint', 'state.json'), 'utf8')).step, 30);
    const s = run.summary!;
    assert.strictEqual(s.status, 'completed');
    assert.strictEqual(s.steps, 30);
    assert.strictEqual(s.backend, 'cpu');
    assert.ok(s.stepsPerSecond > 0 && s.wallSeconds > 0);
    // Processor time over the same loop: some, and no more than every core for the whole time.
    assert.ok(
      s.cpuSeconds! > 0 && s.cpuSeconds! <= os.cpus().length * s.wallSeconds + 0.1,
      `cpuSeconds ${s.cpuSeconds}, wallSeconds ${s.wallSeconds}`,
    );
    assert.strictEqual(s.metrics.step, 30);
  });

  it('gives the same losses for the same seed and backend, run after run', async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'tiny.gan.json', tinyExperiment());
    const losses = async (out: string) => {
      assert.strictEqual((await startCli(['train', file, '--out', out, '--backend', 'wasm'], dir)).code, 0);
      return readRun(path.join(dir, out)).metrics.map((m) => [m.dLoss, m.gLoss]);
    };
    assert.deepStrictEqual(await losses('a'), await losses('b'));
  });

  it('images: writes a grid of generated digits', async () => {
    const dir = tempDir();
    const file = writeJson(
      dir,
      'digits.gan.json',
      tinyExperiment({
        data: { source: 'mnist', digits: [7], limit: 100, flatten: true },
        generator: { layers: [{ type: 'dense', units: 784, activation: 'tanh' }] },
        samples: { every: 10, count: 16, evaluationCount: 100 },
        training: { steps: 10, batchSize: 8 },
      }),
    );
    const r = await startCli(['train', file, '--out', 'run', '--backend', 'wasm'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    const run = readRun(path.join(dir, 'run'));
    assert.strictEqual(run.samples[0].kind, 'images');
    // 16 images of 28 px in a 4 x 4 grid, 1 px apart.
    assert.deepStrictEqual(readPngHeader(fs.readFileSync(path.join(run.dir, run.samples[0].image))), {
      width: 117,
      height: 117,
      channels: 3,
    });
  });

  it('fails with exit 2 when training diverges, keeping the run folder readable and marked failed', async () => {
    const dir = tempDir();
    const file = writeJson(
      dir,
      'boom.gan.json',
      tinyExperiment({
        loss: 'lsgan',
        generator: {
          layers: [
            { type: 'dense', units: 16 },
            { type: 'dense', units: 2 },
          ],
        },
        discriminator: {
          layers: [
            { type: 'dense', units: 16 },
            { type: 'dense', units: 1 },
          ],
        },
        training: {
          steps: 400,
          batchSize: 16,
          generatorOptimizer: { type: 'sgd', learningRate: 10 },
          discriminatorOptimizer: { type: 'sgd', learningRate: 10 },
        },
        log: { every: 1 },
        checkpoint: { every: 1 },
      }),
    );
    const r = await startCli(['train', file, '--out', 'run', '--backend', 'cpu'], dir);
    assert.strictEqual(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /Training diverged/);
    // Where it happened, as the experiment's JSON path of the first layer gone non-finite.
    assert.match(
      r.stderr,
      /first non-finite values are in (generator|discriminator)\.layers\[\d\] \(\w+\), its (weights|output)/,
    );
    const run = readRun(path.join(dir, 'run'));
    assert.strictEqual(run.summary?.status, 'failed');
    assert.ok(run.metrics.length > 0 && run.metrics.every((m) => Number.isFinite(m.dLoss)));
    const state = JSON.parse(fs.readFileSync(path.join(run.dir, 'checkpoint', 'state.json'), 'utf8'));
    assert.strictEqual(state.step, run.summary?.checkpointStep);
    assert.ok(state.step >= 1 && state.step < 400);
  });

  it('stops at the next step on Ctrl-C, checkpoints, and exits 130', async () => {
    const dir = tempDir();
    const file = writeJson(
      dir,
      'long.gan.json',
      tinyExperiment({ training: { steps: 100000, batchSize: 16 }, log: { every: 1 } }),
    );
    let sent = false;
    const r = await startCli(['train', file, '--out', 'run', '--backend', 'wasm'], dir, (out, child) => {
      if (!sent && /step \d+\/100000/.test(out)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    assert.strictEqual(r.code, 130, r.stderr);
    const run = readRun(path.join(dir, 'run'));
    assert.strictEqual(run.summary?.status, 'stopped');
    assert.ok(run.summary!.steps > 0 && run.summary!.steps < 100000);
    assert.strictEqual(
      JSON.parse(fs.readFileSync(path.join(run.dir, 'checkpoint', 'state.json'), 'utf8')).step,
      run.summary!.steps,
    );
  });

  it('profiles a step by kernel, writing nothing: the kernels add up to the step', async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'tiny.gan.json', tinyExperiment());
    const r = await startCli(['profile', file, '--steps', '5', '--backend', 'wasm'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    const header = /([\d.]+) ms a step .* over 5 steps after 3 warm-up steps; ([\d.]+) ms with each kernel timed/.exec(
      r.stdout,
    );
    assert.ok(header, r.stdout);
    const rows = [...r.stdout.matchAll(/^(\S.*?)\s+([\d.]+)\s+([\d.]+) %/gm)].map((m) => ({
      name: m[1].trim(),
      ms: Number(m[2]),
      share: Number(m[3]),
    }));
    const names = rows.map((k) => k.name);
    // A dense GAN's step is matrix products; op scopes (their kernels inside) are not listed twice.
    assert.ok(
      names.some((n) => /MatMul/.test(n)),
      names.join(', '),
    );
    assert.ok(!names.some((n) => /__op$/.test(n)), names.join(', '));
    assert.ok(names.includes('outside kernels'));
    const total = rows.reduce((s, k) => s + k.ms, 0);
    assert.ok(Math.abs(total - Number(header[2])) < 0.05 * Number(header[2]) + 0.1, `${total} vs ${header[2]}`);
    assert.deepStrictEqual(fs.readdirSync(dir), ['tiny.gan.json'], 'no run folder');
    const bad = await startCli(['profile', path.join(dir, 'nope.gan.json')], dir);
    assert.strictEqual(bad.code, 1);
  });

  it("replays a run's interventions into a new run (--replay), and says why a folder cannot be replayed", async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'tiny.gan.json', tinyExperiment());
    assert.strictEqual((await startCli(['train', file, '--out', 'plain', '--backend', 'wasm'], dir)).code, 0);
    // As the dashboard would have recorded them: after step 10, a discriminator step and a new rate.
    const at = new Date().toISOString();
    fs.writeFileSync(
      path.join(dir, 'plain', 'interventions.jsonl'),
      [
        { action: 'pause', step: 10, at },
        { action: 'stepDiscriminator', step: 10, at },
        { action: 'set', set: { generatorLearningRate: 0.02 }, step: 10, at },
        { action: 'continue', step: 10, at },
      ]
        .map((i) => JSON.stringify(i) + '\n')
        .join(''),
    );
    const r = await startCli(['train', file, '--replay', 'plain', '--out', 'replayed', '--backend', 'wasm'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /replayed after step 10: one discriminator step/);
    assert.match(r.stdout, /replayed after step 10: G lr 0\.02/);
    assert.strictEqual(r.stderr, '', 'the same experiment: no warning');
    const plain = readRun(path.join(dir, 'plain'));
    const replayed = readRun(path.join(dir, 'replayed'));
    const lossesUpTo = (run: typeof plain, step: number) =>
      run.metrics.filter((m) => m.step <= step).map((m) => m.dLoss);
    assert.deepStrictEqual(lossesUpTo(replayed, 10), lossesUpTo(plain, 10));
    assert.notDeepStrictEqual(replayed.metrics.at(-1)!.dLoss, plain.metrics.at(-1)!.dLoss);
    assert.deepStrictEqual(
      replayed.interventions.map((i) => [i.action, i.step]),
      [
        ['stepDiscriminator', 10],
        ['set', 10],
      ],
    );
    // A run of the same experiment replays to the same losses, step for step.
    assert.strictEqual(
      (await startCli(['train', file, '--replay', 'replayed', '--out', 'again', '--backend', 'wasm'], dir)).code,
      0,
    );
    assert.deepStrictEqual(
      readRun(path.join(dir, 'again')).metrics.map((m) => m.dLoss),
      replayed.metrics.map((m) => m.dLoss),
    );

    const none = await startCli(['train', file, '--replay', 'again/samples'], dir);
    assert.strictEqual(none.code, 1);
    assert.match(none.stderr, /--replay again\/samples: .* is not a run folder \(it has no experiment\.json\)/);
    fs.rmSync(path.join(dir, 'plain', 'interventions.jsonl'));
    const empty = await startCli(['train', file, '--replay', 'plain'], dir);
    assert.strictEqual(empty.code, 1);
    assert.match(empty.stderr, /the run has no interventions to replay/);
    const both = await startCli(['train', file, '--replay', 'plain', '--resume', 'plain'], dir);
    assert.strictEqual(both.code, 1);
    assert.match(both.stderr, /--replay starts a new run from step 0/);
  });

  it('explains usage errors with exit 1', async () => {
    const dir = tempDir();
    const r = await startCli(['train', 'x.gan.json', '--backend', 'gpu'], dir);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /--backend must be auto, tensorflow, wasm, cpu; got gpu/);
    assert.strictEqual((await startCli(['train'], dir)).code, 1);
    const threads = await startCli(['train', 'x.gan.json', '--threads', '9'], dir);
    assert.strictEqual(threads.code, 1);
    assert.match(threads.stderr, /--threads needs auto or a whole number from 1 to 8, got 9/);
    assert.match(
      (await startCli(['train', 'x.gan.json', '--threads', 'two'], dir)).stderr,
      /--threads needs auto or a whole number from 1 to 8, got two/,
    );
    const missing = await startCli(['validate', 'nope.gan.json'], dir);
    assert.strictEqual(missing.code, 1);
    assert.match(missing.stderr, /Cannot read nope\.gan\.json/);
  });

  it('says why a forced backend cannot start, or trains on it where it can', async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'tiny.gan.json', tinyExperiment());
    const r = await startCli(['train', file, '--backend', 'tensorflow'], dir);
    if (nativeBackendInstalled()) {
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, /on backend tensorflow/);
    } else {
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /Backend tensorflow could not start: not installed/);
      assert.deepStrictEqual(fs.readdirSync(dir), ['tiny.gan.json'], 'no run folder for a run that never began');
    }
  });

  /** Asserts one plain sentence: no stack trace lines. */
  const noStack = (text: string) => assert.doesNotMatch(text, /^\s+at |node:internal|Error: /m, text);

  it('refuses --out under a file, or where no folder can be made, in one sentence with exit 1', async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'tiny.gan.json', tinyExperiment());
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    const underFile = await startCli(['train', file, '--out', 'notes.txt/run', '--backend', 'cpu'], dir);
    assert.strictEqual(underFile.code, 1);
    assert.match(
      underFile.stderr,
      /^--out notes\.txt\/run: cannot create .*notes\.txt is a file, not a folder\. Choose another folder\.\n$/,
    );
    noStack(underFile.stderr);
    if (fs.existsSync('/proc/self')) {
      const started = Date.now();
      const proc = await startCli(['train', file, '--out', '/proc/gan-studio/run', '--backend', 'cpu'], dir);
      assert.strictEqual(proc.code, 1);
      assert.match(proc.stderr, /--out \/proc\/gan-studio\/run: cannot create/);
      assert.ok(Date.now() - started < 30_000, 'ends at once, not spinning');
      noStack(proc.stderr);
    }
  });

  it('refuses --out on a folder that holds another run, and leaves that run as it was', async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'tiny.gan.json', tinyExperiment({ training: { steps: 10, batchSize: 16 } }));
    assert.strictEqual((await startCli(['train', file, '--out', 'run', '--backend', 'cpu'], dir)).code, 0);
    const before = fs.readFileSync(path.join(dir, 'run', 'metrics.jsonl'), 'utf8');
    const again = await startCli(['train', file, '--out', 'run', '--backend', 'cpu'], dir);
    assert.strictEqual(again.code, 1);
    assert.match(again.stderr, /--out run: .*already holds 6 files .*a new run needs an empty or new folder/);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'run', 'metrics.jsonl'), 'utf8'), before);
    assert.ok(fs.existsSync(path.join(dir, 'run', 'samples', 'step-000010.png')));
  });

  it('refuses a pathological experiment file with a located error, not a stack trace', async () => {
    const dir = tempDir();
    const deep = writeJson(
      dir,
      'deep.gan.json',
      `{ "name": "deep", "data": ${'['.repeat(200_000)}${']'.repeat(200_000)} }`,
    );
    const r = await startCli(['validate', deep], dir);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /deep\.gan\.json:1:\d+: error: JSON nested more than 64 levels deep here/);
    noStack(r.stderr);
    const twice = writeJson(
      dir,
      'twice.gan.json',
      JSON.stringify(tinyExperiment(), null, 2).replace('"seed": 3,', '"seed": 3, "seed": 5,'),
    );
    const t = await startCli(['train', twice], dir);
    assert.strictEqual(t.code, 1);
    assert.match(t.stderr, /twice\.gan\.json:3:14: error: "seed" is written twice in this object \(first on line 3\)/);
  });
});
