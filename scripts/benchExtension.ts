// `npm run bench:extension`: the same experiment trained through the extension (code-server, the
// dashboard open in Chromium) and through the CLI, in adjacent pairs whose order alternates (CLI,
// extension, extension, CLI, ...: this machine's speed drifts by tens of percent from minute to
// minute, and a pair shares the drift), on the wasm backend and under the same Node as the
// extension host's trainer. Prints every run, the ratio of the means and the median pair ratio.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findWebviewFrame, launchBrowser, openFile, openWorkbench, runCommand } from '../test/e2e/harness/browser';
import { startCodeServer } from '../test/e2e/harness/codeServer';
import { ensureNode24, ROOT } from '../test/e2e/harness/tools';

interface Case { file: string; steps?: number; samplesEvery?: number; pairs: number }
const CASES: Case[] = [
  { file: 'ring-8.gan.json', pairs: 5 },
  { file: 'mnist-dcgan.gan.json', steps: 200, samplesEvery: 50, pairs: 3 },
];

function prepare(workspace: string, c: Case): string {
  const name = `bench-${c.file}`;
  let text = fs.readFileSync(path.join(ROOT, 'examples', c.file), 'utf8').replace(/"name":\s*"[^"]*"/, `"name": "${name.replace('.gan.json', '')}"`);
  if (c.steps) text = text.replace(/"steps":\s*\d+/, `"steps": ${c.steps}`);
  if (c.samplesEvery) text = text.replace(/"samples":\s*\{\s*"every":\s*\d+/, `"samples": { "every": ${c.samplesEvery}`);
  fs.writeFileSync(path.join(workspace, name), text);
  return name;
}

async function main() {
  const server = await startCodeServer();
  const browser = await launchBrowser().catch(async (err: unknown) => { await server.stop(); throw err; });
  try {
    const page = await openWorkbench(browser, server.url);
    // `npm run bench:extension -- dcgan` runs only the cases whose file names contain "dcgan".
    const only = process.argv[2];
    for (const c of CASES.filter((k) => !only || k.file.includes(only))) {
      const name = prepare(server.workspace, c);
      const cli = () => {
        const out = path.join(server.workspace, '.gan-runs', name.replace('.gan.json', ''), `cli-${Date.now()}`);
        execFileSync(path.join(ensureNode24(), 'node'), [path.join(ROOT, 'bin', 'gan-studio.js'), 'train', path.join(server.workspace, name), '--backend', 'wasm', '--out', out], { stdio: 'ignore' });
        return JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')).stepsPerSecond as number;
      };
      const runsDir = path.join(server.workspace, '.gan-runs', name.replace('.gan.json', ''));
      const runIds = () => (fs.existsSync(runsDir) ? fs.readdirSync(runsDir).filter((f) => !f.startsWith('cli-')).sort() : []);
      const extension = async () => {
        const before = runIds().length;
        await openFile(page, name);
        await runCommand(page, 'GAN Studio: Train Experiment');
        await findWebviewFrame(page, '#lossChart', 60_000); // the dashboard is open while it trains
        const end = Date.now() + 15 * 60_000;
        for (;;) {
          const ids = runIds();
          const summaryFile = ids.length > before ? path.join(runsDir, ids[ids.length - 1], 'summary.json') : undefined;
          const s = summaryFile && fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) : undefined;
          if (s && s.status !== 'running') {
            if (s.status !== 'completed') throw new Error(`${name} ended ${s.status}`);
            return s.stepsPerSecond as number;
          }
          if (Date.now() > end) throw new Error(`${name} did not finish through the extension`);
          await page.waitForTimeout(500);
        }
      };
      const clis: number[] = [];
      const exts: number[] = [];
      for (let i = 0; i < c.pairs; i++) {
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
      const pairRatios = exts.map((e, i) => e / clis[i]);
      console.log(`${c.file.padEnd(22)} CLI ${mean(clis).toFixed(2)} steps/s (${list(clis)})   extension with dashboard ${mean(exts).toFixed(2)} steps/s (${list(exts)})`);
      console.log(`${''.padEnd(22)} ratio of means ${(mean(exts) / mean(clis)).toFixed(3)}   pair ratios ${pairRatios.map((r) => r.toFixed(3)).join(', ')}   median ${median(pairRatios).toFixed(3)}`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
