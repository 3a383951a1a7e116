// `npm run bench:views`: how fast the views a user looks at appear, in code-server in Chromium, on
// a workspace of 200 runs (12 experiments) of which 8 have 100,000 logged steps each:
//   - the Runs view: from the click on its activity-bar icon to its rows drawn;
//   - Compare of the 8 long runs: from the command to every chart drawn, and the webview's own
//     drawing time (merging the runs' steps, smoothing, uPlot);
//   - a dashboard of one long run: the redraw when the smoothing changes (the median of five).
// Each figure is the median of `--repeat N` tries (default 3). The machine's speed drifts: run it
// on a quiet machine.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { findWebviewFrame, launchBrowser, openFile, openWorkbench, runCommand } from '../test/e2e/harness/browser';
import { startCodeServer } from '../test/e2e/harness/codeServer';
import { METRICS_COLUMNS_FILE, writeMetricsColumns } from '../src/core/run/metricsColumnsFile';

const EXPERIMENTS = 12;
const RUNS = 200;
const LONG_RUNS = 8;
const LONG_STEPS = 100_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function writeRun(dir: string, name: string, steps: number, loss: string, minute: number): void {
  fs.mkdirSync(path.join(dir, 'samples'), { recursive: true });
  const every = steps >= LONG_STEPS ? 1 : 10;
  const lines: string[] = [];
  for (let s = every; s <= steps; s += every) {
    const w = Math.sin(s / 500) * 0.05;
    const q =
      s % 1000 === 0
        ? `,"modesCovered":${Math.min(8, Math.floor(s / 12000))},"modeCount":8,"mmd":${(0.1 / (1 + s / 1e4)).toFixed(5)}`
        : '';
    lines.push(
      `{"step":${s},"dLoss":${(1.3 + w).toFixed(4)},"gLoss":${(0.8 - w).toFixed(4)},"dReal":${(0.5 + w).toFixed(4)},"dFake":${(0.5 - w).toFixed(4)},"wallSeconds":${s / 50}${q}}`,
    );
  }
  fs.writeFileSync(path.join(dir, 'metrics.jsonl'), lines.join('\n') + '\n');
  // As the trainer leaves a finished run: its metrics also as columns.
  writeMetricsColumns(dir);
  fs.writeFileSync(
    path.join(dir, 'experiment.json'),
    JSON.stringify({ name, seed: 1, loss, training: { steps, batchSize: 64 } }),
  );
  fs.writeFileSync(
    path.join(dir, 'summary.json'),
    JSON.stringify({
      status: 'completed',
      name,
      steps,
      totalSteps: steps,
      backend: 'wasm',
      stepsPerSecond: 50,
      wallSeconds: steps / 50,
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
      checkpointStep: steps,
      metrics: { modesCovered: 8, modeCount: 8, mmd: 0.001 },
    }),
  );
}

/** The folders of the long runs (the first experiment's). */
const longRunDirs = (workspace: string) => {
  const dir = path.join(workspace, '.gan-runs', 'bench-00');
  return fs.readdirSync(dir).map((id) => path.join(dir, id));
};

/** 200 runs over 12 experiments; the 8 long ones belong to the experiment that sorts first. */
function makeWorkspace(workspace: string): void {
  const ring = fs.readFileSync(path.join(workspace, 'ring-8.gan.json'), 'utf8');
  let made = 0;
  for (let e = 0; e < EXPERIMENTS; e++) {
    const name = `bench-${String(e).padStart(2, '0')}`;
    fs.writeFileSync(path.join(workspace, `${name}.gan.json`), ring.replace(/"name":\s*"[^"]*"/, `"name": "${name}"`));
    const count = e === 0 ? LONG_RUNS : Math.ceil((RUNS - LONG_RUNS) / (EXPERIMENTS - 1));
    for (let r = 0; r < count && made < RUNS; r++, made++) {
      // The long runs are the newest, so their experiment and rows come first in the view.
      const minute = e === 0 ? 10_000 + r : e * 100 + r;
      const id = new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString().slice(0, 19).replace(/:/g, '-');
      writeRun(
        path.join(workspace, '.gan-runs', name, id),
        name,
        e === 0 ? LONG_STEPS : 2000,
        r % 2 ? 'lsgan' : 'bce',
        minute,
      );
    }
  }
}

/** Compare of the runs selected in the view: from its panel opening to every chart drawn. */
async function compareOnce(page: Page, label: string) {
  await runCommand(page, 'GAN Studio: Compare Runs');
  const compare = await findWebviewFrame(page, '#charts[data-points]', 120_000);
  const at = async (a: string) => Number(await compare.locator('#charts').getAttribute(a));
  const drawnAt = await at('data-drawn-at');
  console.log(
    `  compare ${label}: webview ready ${await at('data-ready-at')} ms, snapshot arrived ${await at('data-snapshot-at')} ms (the host built it in ${await at('data-host-ms')} ms), drawn ${drawnAt} ms after the panel opened`,
  );
  const result = { drawnAt, drawMs: await at('data-draw-ms'), points: await at('data-points') };
  await runCommand(page, 'View: Close Editor');
  return result;
}

/** A new window, its Runs view opened and the long runs ticked for Compare. */
async function windowWithLongRunsTicked(browser: Browser, url: string) {
  const page = await openWorkbench(browser, url);
  await page.waitForTimeout(3000); // the extension activates with the workspace
  const icon = page.locator('.activitybar .action-item a[aria-label^="GAN Studio"]').first();
  const started = Date.now();
  await icon.click();
  const rows = page.locator('.pane .monaco-list-row .custom-view-tree-node-item-checkbox');
  await rows.first().waitFor({ timeout: 60_000 });
  const viewMs = Date.now() - started;
  for (let k = 0; k < LONG_RUNS; k++) await rows.nth(k).click();
  return { page, viewMs };
}

async function main() {
  const repeatAt = process.argv.indexOf('--repeat');
  const repeat = repeatAt > 0 ? Number(process.argv[repeatAt + 1]) : 3;
  const server = await startCodeServer();
  makeWorkspace(server.workspace);
  const browser = await launchBrowser();
  try {
    const viewMs: number[] = [];
    const compareMs: number[] = [];
    const compareDrawMs: number[] = [];
    const compareColdMs: number[] = [];
    const commandMs: number[] = [];
    const redrawMs: number[] = [];
    let comparePoints = 0;
    for (let i = 0; i < repeat; i++) {
      const { page, viewMs: shown } = await windowWithLongRunsTicked(browser, server.url);
      viewMs.push(shown);
      // Twice: first as a new window meets the runs (their metrics read from disk), then again
      // with the metrics the data layer holds.
      for (const pass of ['cold', 'warm'] as const) {
        const t0 = Date.now();
        const c = await compareOnce(page, `${i + 1} (${pass})`);
        (pass === 'cold' ? compareColdMs : compareMs).push(c.drawnAt);
        commandMs.push(Date.now() - t0);
        compareDrawMs.push(c.drawMs);
        comparePoints = c.points;
      }

      await openFile(page, 'bench-00.gan.json');
      await runCommand(page, 'GAN Studio: Open Dashboard');
      const dash = await findWebviewFrame(page, `#lossChart[data-points="${LONG_STEPS}"]`, 120_000);
      const chart = dash.locator('#lossChart');
      const redraws: number[] = [];
      for (let k = 0; k < 5; k++) {
        await chart.evaluate((el) => {
          delete (el as unknown as { dataset: Record<string, string> }).dataset.drawMs;
        });
        await dash.locator('#smoothing').focus();
        await dash.locator('#smoothing').press(k % 2 ? 'ArrowLeft' : 'ArrowRight');
        for (;;) {
          const v = await chart.getAttribute('data-draw-ms');
          if (v !== null) {
            redraws.push(Number(v));
            break;
          }
          await page.waitForTimeout(20);
        }
      }
      redrawMs.push(median(redraws));
      await page.close();
    }
    // Runs without their columns (a trainer killed before it wrote them): the JSON lines parsed.
    const linesOnlyMs: number[] = [];
    for (const dir of longRunDirs(server.workspace)) fs.rmSync(path.join(dir, METRICS_COLUMNS_FILE), { force: true });
    for (let i = 0; i < repeat; i++) {
      const { page } = await windowWithLongRunsTicked(browser, server.url);
      linesOnlyMs.push((await compareOnce(page, `${i + 1} (lines only)`)).drawnAt);
      await page.close();
    }
    const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    console.log(
      `workspace: ${RUNS} runs in ${EXPERIMENTS} experiments, ${LONG_RUNS} of them with ${LONG_STEPS.toLocaleString('en')} logged steps`,
    );
    console.log(`runs view appears: median ${median(viewMs).toFixed(0)} ms (${list(viewMs)})`);
    console.log(
      `compare of ${LONG_RUNS} runs x ${LONG_STEPS.toLocaleString('en')} steps, from its panel opening to every chart drawn: ${median(compareMs).toFixed(0)} ms (${list(compareMs)}) with the runs' metrics in the data layer; ${median(compareColdMs).toFixed(0)} ms (${list(compareColdMs)}) when a new window first reads them from disk (finished runs: their metrics.columns); ${median(linesOnlyMs).toFixed(0)} ms (${list(linesOnlyMs)}) from their JSON lines alone (80 MB, runs without columns); the webview's drawing ${median(compareDrawMs).toFixed(0)} ms; ${comparePoints} steps per chart line (bucket means; quality and last steps as logged); from the palette's command ${median(commandMs).toFixed(0)} ms, typing included`,
    );
    console.log(
      `dashboard of ${LONG_STEPS.toLocaleString('en')} steps, redraw on a smoothing change: median ${median(redrawMs).toFixed(0)} ms (${list(redrawMs)})`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
