// The examples' promise, proved the way a user runs them: the CLI, the example's own seed and step
// count, the wasm backend. Slow (minutes): `npm run test:quality`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readRun } from '../../src/core/run/readRun';
import { requireBuild, startCli, tempDir } from '../helpers/cli';
import { EXAMPLES_DIR } from '../helpers/experiments';

const targets: Array<[string, number, number]> = [
  // example, modes at least, high-quality fraction at least
  ['ring-8.gan.json', 8, 0.9],
  ['grid-25.gan.json', 23, 0.8],
];

describe('mode coverage of the examples (CLI, wasm)', () => {
  before(requireBuild);
  for (const [example, modes, quality] of targets) {
    it(`${example} covers at least ${modes} modes with at least ${quality * 100}% high-quality samples`, async () => {
      const dir = tempDir();
      fs.copyFileSync(path.join(EXAMPLES_DIR, example), path.join(dir, example));
      const r = await startCli(['train', example, '--backend', 'wasm', '--out', 'run'], dir);
      assert.strictEqual(r.code, 0, r.stderr);
      const run = readRun(path.join(dir, 'run'));
      const m = run.summary!.metrics;
      console.log(
        `      ${example}: ${m.modesCovered}/${m.modeCount} modes, ${(100 * m.highQualityFraction!).toFixed(1)}% high quality, ${run.summary!.steps} steps in ${run.summary!.wallSeconds.toFixed(0)} s (${run.summary!.stepsPerSecond.toFixed(1)} steps/s)`,
      );
      assert.ok(m.modesCovered! >= modes, `${m.modesCovered} modes`);
      assert.ok(m.highQualityFraction! >= quality, `${m.highQualityFraction} high quality`);
      // A healthy run raises no failure alarm.
      assert.deepStrictEqual(run.summary!.alarms ?? [], [], JSON.stringify(run.summary!.alarms));
    });
  }
});
