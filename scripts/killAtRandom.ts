// `npm run stress:kill [-- --kills N --seed S]`: the kill test of the unit suite at length (300 kills
// by default). Kills the CLI trainer with SIGKILL at random moments, resumes it each time, and
// checks the run folder after every kill (see test/helpers/killAtRandom.ts). Prints every kill.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { killAtRandom } from '../test/helpers/killAtRandom';
import { ROOT } from '../test/helpers/cli';

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const kills = flag('--kills', 300);
  const seed = flag('--seed', Date.now() % 1e9);
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-studio-kill-'));
  console.log(`${kills} kills, seed ${seed}, in ${workDir}`);
  const report = await killAtRandom({
    kills,
    seed,
    workDir,
    onKill: (i, note) => console.log(`kill ${i + 1}/${kills} after ${note}`),
  });
  console.log(
    `every run folder whole after ${report.kills} kills: resumed ${report.resumed} times, started again ${report.restarted} times (killed before a first checkpoint); the last run reached step ${report.steps}`,
  );
  fs.rmSync(workDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
