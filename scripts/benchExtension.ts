// `npm run bench:extension`: the same experiment trained through the extension (code-server, the
// dashboard open in Chromium) and through the CLI, in adjacent pairs whose order alternates (CLI,
// extension, extension, CLI, ...: this machine's speed drifts by tens of percent from minute to
// minute, and a pair shares the drift), on the wasm backend and under the same Node as the
// extension host's trainer. Prints every run, the ratio of the means and the median pair ratio,
// and the trainer's processor milliseconds per step on each side (the same work whatever the drift).
// `npm run bench:extension -- dcgan --pairs 6`: only the cases whose file names contain "dcgan",
// six pairs each.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findWebviewFrame, launchBrowser, openFile, openWorkbench, runCommand } from '../test/e2e/harness/browser';
import { startCodeServer } from '../test/e2e/harness/codeServer';
import { ensureNode24, ROOT } from '../test/e2e/harness/tools';

interface Case {
  file: string;
  steps?: number;
  samplesEvery?: number;
  pairs: number;
}
interface Run {
  stepsPerSecond: number;
  cpuMsPerStep: number;
}

const measured = (summary: { stepsPerSecond: number; cpuSeconds: number; steps: number }): Run => ({
  stepsPerSecond: summary.stepsPerSecond,
  cpuMsPerStep: (1000 * summary.cpuSeconds) / summary.steps,
});
const CASES: Case[] = [
  { file: 'ring-8.gan.json', pairs: 5 },
  { file: 'mnist-dcgan.gan.json', steps: 200, samplesEvery: 50, pairs: 3 },
];

function prepare(workspace: string, c: Case): string {
  const name = `bench-${c.file}`;
  let text = fs
    .readFileSync(path.join(ROOT, 'examples', c.file), 'utf8')
    .replace(/"name":\s*"[^"]*"/, `"name": "${name.replace('.gan.json', '')}"`);
  if (c.steps) text = text.replace(/"steps":\s*\d+/, `"steps": ${c.steps}`);
  if (c.samplesEvery)
    text = text.replace(/"samples":\s*\{\s*"every":\s*\d+/, `"samples": { "every": ${c.samplesEvery}`);
  fs.writeFileSync(path.join(workspace, name), text);
  return name;
}

async function main() {
  const server = await startCodeServer();
  const browser = await launchBrowser().catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  try {
    const page = await openWorkbench(browser, server.url);
    const args = process.argv.slice(2);
    const pairsAt = args.indexOf('--pairs');
    const pairs = pairsAt >= 0 ? Number(args.splice(pairsAt, 2)[1]) : undefined;
    const only = args[0];
    for (const c of CASES.filter((k) => !only || k.file.includes(only))) {
      const name = prepare(server.workspace, c);
      const cli = () => {
        const out = path.join(server.workspace, '.gan-runs', name.replace('.gan.json', ''), `cli-${Date.now()}`);
        execFileSync(
          path.join(ensureNode24(), 'node'),
          [
            path.join(ROOT, 'bin', 'gan-studio.js'),
            'train',
            path.join(server.workspace, name),
            '--backend',
            'wasm',
            '--out',
            out,
          ],
          { stdio: 'ignore' },
        );
        return measured(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')));
      };
      const runsDir = path.join(server.workspace, '.gan-runs', name.replace('.gan.json', ''));
      const runIds = () =>
        fs.existsSync(runsDir)
          ? fs
              .readdirSync(runsDir)
              .filter((f) => !f.startsWith('cli-'))
              .sort()
          : [];
      const extension = async () => {
        const before = runIds().length;
        await openFile(page, name);
        await runCommand(page, 'GAN Studio: Train Experiment');
        await findWebviewFrame(page, '#lossChart', 60_000); // the dashboard is open while it trains
        const end = Date.now() + 15 * 60_000;
        for (;;) {
          const ids = runIds();
          const summaryFile = ids.length > before ? path.join(runsDir, ids[ids.length - 1], 'summary.json') : undefined;
          const s =
            summaryFile && fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) : undefined;
          if (s && s.status !== 'running') {
            if (s.status !== 'completed') throw new Error(`${name} ended ${s.status}`);
            return measured(s);
          }
          if (Date.now() > end) throw new Error(`${name} did not finish through the extension`);
          await page.waitForTimeout(500);
        }
      };
      const clis: Run[] = [];
      const exts: Run[] = [];
      for (let i = 0; i < (pairs ?? c.pairs); i++) {
        if (i % 2 === 0) {
          clis.push(cli());
          exts.push(await extension());
        } else {
          exts.push(await extension());
          clis.push(cli());
        }
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
      const rate = (rs: Run[]) => rs.map((r) => r.stepsPerSecond);
      const cpu = (rs: Run[]) => mean(rs.map((r) => r.cpuMsPerStep));
      const pairRatios = exts.map((e, i) => e.stepsPerSecond / clis[i].stepsPerSecond);
      console.log(
        `${c.file.padEnd(22)} CLI ${mean(rate(clis)).toFixed(2)} steps/s (${list(rate(clis))})   extension with dashboard ${mean(rate(exts)).toFixed(2)} steps/s (${list(rate(exts))})`,
      );
      console.log(
        `${''.padEnd(22)} ratio of means ${(mean(rate(exts)) / mean(rate(clis))).toFixed(3)}   pair ratios ${pairRatios.map((r) => r.toFixed(3)).join(', ')}   median ${median(pairRatios).toFixed(3)}`,
      );
      console.log(
        `${''.padEnd(22)} trainer CPU per step: CLI ${cpu(clis).toFixed(2)} ms, extension ${cpu(exts).toFixed(2)} ms (ratio ${(cpu(clis) / cpu(exts)).toFixed(3)})`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
