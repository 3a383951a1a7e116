// Runs as a user keeps them, in a real VS Code (code-server in Chromium): the Runs view lists an
// experiment's runs and follows a new one to its end; Compare shows two runs' curves, the
// parameter that differs and both sample grids; Resume continues a stopped run's curve from its
// checkpoint. Screenshots of each view go to test/e2e/output.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { parseMetricsLines, readSummary } from '../../src/core/run/readRun';
import { findWebviewFrame, openFile, runCommand } from './harness/browser';
import { OUTPUT, ROOT } from './harness/tools';
import { until } from './harness/until';
import { useWorkbench } from './harness/workbenchSuite';

const activeLens = (page: Page, text: string) =>
  page.locator('.editor-group-container.active .codelens-decoration a').filter({ hasText: text }).first();
const runsView = (page: Page) =>
  page.locator('.pane').filter({ has: page.locator('.pane-header[aria-label^="Runs"]') });
const runRows = (page: Page) =>
  runsView(page)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.custom-view-tree-node-item-checkbox') });

describe('Runs in a real VS Code (end to end)', function () {
  const suite = useWorkbench();
  let page: Page;
  let workspace: string;
  const name = 'compare-ring';
  const runsDir = () => path.join(workspace, '.gan-runs', name);
  const runIds = () =>
    fs.existsSync(runsDir())
      ? fs
          .readdirSync(runsDir())
          .filter((n) => !n.startsWith('.'))
          .sort()
      : [];

  before(() => {
    ({ page } = suite);
    workspace = suite.server.workspace;
    // Two finished runs that differ in their loss, trained with the command line beforehand.
    const ring = fs
      .readFileSync(path.join(workspace, 'ring-8.gan.json'), 'utf8')
      .replace(/"name":\s*"[^"]*"/, `"name": "${name}"`);
    const file = path.join(workspace, `${name}.gan.json`);
    for (const loss of ['bce', 'lsgan']) {
      fs.writeFileSync(file, ring.replace(/"loss":\s*"[^"]*"/, `"loss": "${loss}"`));
      execFileSync(process.execPath, [path.join(ROOT, 'bin', 'gan-studio.js'), 'train', file, '--steps', '600'], {
        stdio: 'ignore',
      });
    }
  });

  it('lists the runs under their experiment, and follows a new run until it has finished', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="GAN Studio"]').first().click();
    await until('two runs in the view', async () => (await runRows(page).count()) === 2 || undefined);
    await page.screenshot({ path: path.join(OUTPUT, 'runs-view.png') });
    const text = await runsView(page).innerText();
    assert.match(text, /compare-ring/);
    assert.match(text, /600\/600 · wasm · \d\/8 modes/);
    // A third run, from the editor: the view shows it training, then finished.
    await openFile(page, `${name}.gan.json`);
    const file = path.join(workspace, `${name}.gan.json`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"steps":\s*\d+/, '"steps": 2000'));
    await page.waitForTimeout(500);
    const train = activeLens(page, 'Train');
    await train.waitFor({ timeout: 60_000 });
    await train.click();
    await until('three runs in the view', async () => (await runRows(page).count()) === 3 || undefined);
    // While it trains, its row counts its steps (from the live session) under a spinning icon.
    await until('the new run shown training', async () => {
      const text = await runsView(page).innerText();
      return (
        ((await runsView(page).locator('.codicon-sync').count()) > 0 &&
          /(^|\D)[1-9]\d*\/2000/.test(text) &&
          !/2000\/2000/.test(text)) ||
        undefined
      );
    });
    await page.screenshot({ path: path.join(OUTPUT, 'runs-view-training.png') });
    await until(
      'the new run finished',
      async () => readSummary(path.join(runsDir(), runIds().at(-1)!))?.status === 'completed' || undefined,
    );
    await until(
      'the view to show it completed',
      async () =>
        ((await runsView(page).locator('.codicon-sync').count()) === 0 &&
          /2000\/2000/.test(await runsView(page).innerText())) ||
        undefined,
    );
  });

  it('compares two runs: both curves, the parameter that differs, and both sample grids', async () => {
    const rows = runRows(page);
    // The two command-line runs (bce, then lsgan) are the oldest: the last two rows.
    const count = await rows.count();
    // A click can land while the view redraws a row (a run just finished): click until it shows checked.
    for (const i of [count - 2, count - 1]) {
      const box = rows.nth(i).locator('.custom-view-tree-node-item-checkbox');
      const checked = () => box.evaluate((el) => el.classList.contains('checked'));
      await until(
        `row ${i + 1} checked`,
        async () => {
          if (await checked()) return true;
          await box.click();
          await page.waitForTimeout(500);
          return (await checked()) || undefined;
        },
        20_000,
      );
    }
    // The view's title actions show on hover; the palette runs the same command.
    await runCommand(page, 'GAN Studio: Compare Runs');
    const compare = await findWebviewFrame(page, '#charts[data-points]', 60_000);
    assert.strictEqual(await compare.locator('#chips li').count(), 2);
    const table = await compare.locator('#table').innerText();
    assert.match(table, /loss\s+"lsgan"\s+"bce"|loss\s+"bce"\s+"lsgan"/, 'the differing loss is in the table');
    assert.doesNotMatch(table, /training\.batchSize/, 'only differences by default');
    const images = compare.locator('#samples img');
    assert.strictEqual(await images.count(), 2);
    await until(
      'both sample grids loaded',
      async () =>
        (await images.evaluateAll((els) =>
          els.every((e) => (e as unknown as { naturalWidth: number }).naturalWidth > 0),
        )) || undefined,
    );
    // Every chart has a line per run (uPlot's legend lists each series once).
    for (const chart of ['#dLossChart', '#gLossChart', '#dFakeChart']) {
      const shown = await compare
        .locator(`${chart} .u-legend .u-series`)
        .evaluateAll(
          (rows) =>
            rows.slice(1).filter((r) => (r as unknown as { style: { display: string } }).style.display !== 'none')
              .length,
        );
      assert.strictEqual(shown, 2, `${chart} has a line for each run`);
    }
    await page.screenshot({ path: path.join(OUTPUT, 'compare.png') });
  });

  it('resumes a stopped run: the curve goes on from the checkpoint', async () => {
    await openFile(page, `${name}.gan.json`);
    const file = path.join(workspace, `${name}.gan.json`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"steps":\s*\d+/, '"steps": 5000'));
    await page.waitForTimeout(500);
    await activeLens(page, 'Train').click();
    const dashboard = await findWebviewFrame(page, '#lossChart', 60_000);
    const step = async () => Number(await dashboard.locator('#step').textContent());
    await until('training', async () => (await step()) > 300 || undefined);
    await activeLens(page, 'Stop').click();
    const runDir = path.join(runsDir(), runIds().at(-1)!);
    await until('stopped', async () => readSummary(runDir)?.status === 'stopped' || undefined);
    const stoppedAt = readSummary(runDir)!.checkpointStep!;
    const resume = activeLens(page, `Resume from step ${stoppedAt}`);
    await resume.waitFor({ timeout: 30_000 });
    await resume.click();
    await until('the resumed run to pass its checkpoint', async () => (await step()) > stoppedAt + 200 || undefined);
    const lastStep = async () => Number(await dashboard.locator('#lossChart').getAttribute('data-last-step'));
    await until('the chart to go on', async () => (await lastStep()) > stoppedAt + 100 || undefined);
    await page.screenshot({ path: path.join(OUTPUT, 'resumed.png') });
    await activeLens(page, 'Stop').click();
    await until('stopped again', async () => readSummary(runDir)?.status === 'stopped' || undefined);
    const steps = parseMetricsLines(fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')).map((r) => r.step);
    steps.forEach((s, i) => assert.ok(i === 0 || s > steps[i - 1], `step ${s} after ${steps[i - 1]}`));
    // ring's log.every is 10: the first logged step after the checkpoint is the next multiple of it.
    const firstNew = steps.find((s) => s > stoppedAt);
    assert.strictEqual(firstNew, Math.floor(stoppedAt / 10) * 10 + 10, "the first new step follows the checkpoint's");
    assert.deepStrictEqual(
      readSummary(runDir)?.resumes?.map((r) => r.step),
      [stoppedAt],
    );
  });
});
