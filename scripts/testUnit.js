// Runs every unit test file in a process of its own (two at a time, for the two cores), so each
// file is proved to pass alone: nothing it needs may come from another file's imports. Builds
// dist/ once first, so the CLI tests run the current code. `npm run test:unit [-- FILTER]`.
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const filter = process.argv[2];
const files = (dir) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : [],
    );
const all = files(path.join(ROOT, 'test', 'unit'))
  .map((f) => path.relative(ROOT, f))
  .filter((f) => !filter || f.includes(filter))
  .sort();

execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });

const mocha = require.resolve('mocha/bin/mocha.js');
function runFile(file) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [mocha, '--no-config', '-r', 'tsx/cjs', '--timeout', '60000', '--reporter', 'json', file],
      {
        cwd: ROOT,
        env: { ...process.env, GAN_STUDIO_BUILT: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => {
      let report;
      try {
        report = JSON.parse(out.slice(out.indexOf('{')));
      } catch {
        report = {
          stats: { passes: 0, failures: 1, pending: 0 },
          failures: [{ fullTitle: `${file} did not run`, err: { message: err || out || `exit ${code}` } }],
        };
      }
      resolve({ file, code, report, stderr: err });
    });
  });
}

(async () => {
  const started = Date.now();
  const queue = [...all];
  const results = [];
  await Promise.all(
    [0, 1].map(async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const r = await runFile(f);
        const s = r.report.stats;
        console.log(
          `${s.failures ? 'FAIL' : 'ok  '} ${r.file}: ${s.passes} passed${s.failures ? `, ${s.failures} failed` : ''}${s.pending ? `, ${s.pending} skipped` : ''}`,
        );
        results.push(r);
      }
    }),
  );
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    passed += r.report.stats.passes;
    failed += r.report.stats.failures;
    skipped += r.report.stats.pending;
    for (const f of r.report.failures)
      console.log(
        `\n${r.file}: ${f.fullTitle}\n  ${(f.err.stack || f.err.message || '').split('\n').slice(0, 12).join('\n  ')}`,
      );
    if (r.code !== 0 && !r.report.stats.failures) {
      failed++;
      console.log(`\n${r.file}: mocha exited ${r.code}\n${r.stderr}`);
    }
  }
  console.log(`\n${results.length} files, each in its own process, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`unit: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed ? 1 : 0);
})();
