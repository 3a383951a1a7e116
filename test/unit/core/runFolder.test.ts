import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  createRunDir,
  makeDirs,
  markRunFailed,
  prepareRunDir,
  runsDirFor,
  safeRunName,
} from '../../../src/core/run/runFolder';
import { ROOT, tempDir } from '../../helpers/cli';

describe('run folders', () => {
  it('two trainers starting in the same second never share a folder', async () => {
    const parent = path.join(tempDir(), 'runs');
    // Eight processes, released at the same instant, each creating a run folder for the same time.
    const script = `
      const { createRunDir } = require(${JSON.stringify(path.join(ROOT, 'src/core/run/runFolder.ts'))});
      const start = Number(process.argv[1]);
      while (Date.now() < start) {}
      process.stdout.write(createRunDir(process.argv[2], new Date('2026-12-01T10:00:00Z')));`;
    const start = Date.now() + 1500;
    const dirs = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script, String(start), parent], {
              cwd: ROOT,
            });
            let out = '';
            child.stdout.on('data', (d) => {
              out += d;
            });
            child.on('error', reject);
            child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
          }),
      ),
    );
    assert.strictEqual(new Set(dirs).size, 8, dirs.join('\n'));
    assert.deepStrictEqual(
      fs.readdirSync(parent).sort(),
      ['2026-12-01T10-00-00', ...[2, 3, 4, 5, 6, 7, 8].map((n) => `2026-12-01T10-00-00-${n}`)].sort(),
    );
  });

  it('refuses a folder that holds another run, or cannot be made, with the reason', () => {
    const dir = tempDir();
    assert.strictEqual(prepareRunDir(path.join(dir, 'new', 'run')), undefined);
    assert.strictEqual(prepareRunDir(path.join(dir, 'new', 'run')), undefined, 'an empty folder is fine');
    fs.writeFileSync(path.join(dir, 'new', 'run', 'metrics.jsonl'), '');
    assert.match(prepareRunDir(path.join(dir, 'new', 'run'))!, /already holds a file \(metrics\.jsonl\)/);
    fs.writeFileSync(path.join(dir, 'afile'), 'x');
    assert.match(prepareRunDir(path.join(dir, 'afile', 'run'))!, /afile is a file, not a folder/);
  });

  it('makes no folder under /proc, and says so at once instead of retrying for ever', function () {
    if (!fs.existsSync('/proc/self')) this.skip();
    const started = Date.now();
    assert.throws(() => makeDirs('/proc/gan-studio-test/run'), /ENOENT|EACCES|EPERM/);
    assert.ok(Date.now() - started < 1000);
    assert.match(prepareRunDir('/proc/gan-studio-test/run')!, /^cannot create .*: /);
  });

  it('never joins an unsafe experiment name into a path', () => {
    assert.strictEqual(safeRunName('ring-8'), 'ring-8');
    for (const bad of ['../../../..', '..', 'a/b', 'a\\b', '', '.hidden', 42, undefined, 'x'.repeat(101)])
      assert.strictEqual(safeRunName(bad), undefined, String(bad));
    assert.strictEqual(runsDirFor('/w/exp/ring.gan.json', '../../../..'), path.join('/w/exp', '.gan-runs', 'ring'));
    assert.strictEqual(runsDirFor('/w/exp/ring.gan.json', 'mine', 'runs'), path.join('/w/exp', 'runs', 'mine'));
  });

  it('marks a run failed without losing its summary, and leaves no empty folder of a trainer that died at once', () => {
    const dir = path.join(tempDir(), 'run');
    fs.mkdirSync(dir);
    assert.strictEqual(markRunFailed(dir, 'killed'), false);
    assert.strictEqual(fs.existsSync(dir), false);
    assert.strictEqual(markRunFailed(path.join(dir, 'never-made'), 'killed'), false, 'no folder: nothing thrown');
    const run = createRunDir(path.join(tempDir(), 'runs'));
    fs.writeFileSync(path.join(run, 'experiment.json'), '{}');
    fs.writeFileSync(path.join(run, 'summary.json'), JSON.stringify({ status: 'running', steps: 40 }));
    assert.strictEqual(markRunFailed(run, 'killed'), true);
    const s = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8'));
    assert.deepStrictEqual([s.status, s.steps, s.error], ['failed', 40, 'killed']);
  });
});
