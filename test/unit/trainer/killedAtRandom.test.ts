// A trainer killed (SIGKILL) at random moments, 50 times in a row, each time resumed: the run
// folder stays readable and its checkpoint loads and resumes. `npm run stress:kill` does more.
import * as assert from 'assert';
import { requireBuild, tempDir } from '../../helpers/cli';
import { killAtRandom } from '../../helpers/killAtRandom';

describe('a trainer killed at random moments', function () {
  this.timeout(300_000);
  before(requireBuild);

  it('leaves a readable run folder every time, whose checkpoint loads and resumes (50 kills)', async () => {
    const report = await killAtRandom({ kills: 50, seed: 20261202, workDir: tempDir() });
    assert.strictEqual(report.kills, 50);
    // Most kills land after a checkpoint (a tiny step is about 3 ms, a checkpoint every 15).
    assert.ok(report.resumed >= 25, `resumed ${report.resumed} times, restarted ${report.restarted}`);
    assert.ok(report.steps > 15, `the run went on across the kills, to step ${report.steps}`);
  });
});
