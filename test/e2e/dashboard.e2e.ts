// What a user does in a real VS Code (code-server in Chromium): open an experiment, click its
// CodeLens, watch the dashboard, stop, and meet a broken file and a crashed trainer.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readSummary } from '../../src/core/run/readRun';
import type { Frame, Page } from 'playwright-core';
import { chooseColorTheme, findWebviewFrame, openFile, runCommand } from './harness/browser';
import type { CodeServer } from './harness/codeServer';
import { canvasContrast } from './harness/contrast';
import { OUTPUT } from './harness/tools';
import { until } from './harness/until';
import { useWorkbench } from './harness/workbenchSuite';

const latestRun = (workspace: string, rel: string, name: string): string | undefined => {
  const dir = path.join(workspace, rel, '.gan-runs', name);
  if (!fs.existsSync(dir)) return undefined;
  const ids = fs.readdirSync(dir).sort();
  return ids.length ? path.join(dir, ids[ids.length - 1]) : undefined;
};

/** The CodeLens links of the editor that has focus (other editors show their own lenses too). */
const activeLens = (page: Page, text: string) =>
  page.locator('.editor-group-container.active .codelens-decoration a').filter({ hasText: text }).first();

describe('GAN Studio in a real VS Code (end to end)', function () {
  // Nothing listens on port 9 of the loopback: installing the native backend fails at once, as offline.
  const suite = useWorkbench({ env: { npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' } });
  let server: CodeServer;
  let page: Page;
  before(() => {
    ({ server, page } = suite);
  });

  let dashboard: Frame;

  it('trains ring-8 from its CodeLens: the dashboard opens, its step, loss chart and samples grow', async () => {
    await openFile(page, 'long-ring.gan.json');
    const lens = activeLens(page, 'Train');
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    dashboard = await findWebviewFrame(page, '#lossChart', 60_000);
    const step = async () => Number(await dashboard.locator('#step').textContent());
    const first = await until('a first step', async () => ((await step()) > 0 ? step() : undefined));
    const points = async () => Number(await dashboard.locator('#lossChart').getAttribute('data-points'));
    const p1 = await until('loss points', async () => ((await points()) > 0 ? points() : undefined));
    await until('the step to grow', async () => (await step()) > first + 50);
    await until('more loss points', async () => (await points()) > p1);
    await dashboard.locator('#lossChart canvas').first().waitFor();
    const sampleStep = await until('a sample preview', async () =>
      dashboard.locator('#sampleCanvas').getAttribute('data-step'),
    );
    await until(
      'a newer sample preview',
      async () => Number(await dashboard.locator('#sampleCanvas').getAttribute('data-step')) > Number(sampleStep),
    );
    assert.strictEqual(await dashboard.locator('#status').textContent(), 'running');
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-training.png') });
  });

  it('offers the native backend in the dashboard header, not over the charts, and says why its install failed', async () => {
    const notice = dashboard.getByTestId('backend-notice');
    await notice.waitFor({ timeout: 30_000 });
    assert.match((await notice.textContent()) ?? '', /Training with WebAssembly because native TensorFlow/);
    const toasts = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /native TensorFlow/i });
    assert.strictEqual(await toasts.count(), 0, 'no notification covers the dashboard');
    // The notice is part of the header: the board starts below it.
    const noticeBox = (await notice.boundingBox())!;
    const boardBox = (await dashboard.locator('#board').boundingBox())!;
    assert.ok(
      boardBox.y >= noticeBox.y + noticeBox.height,
      `board at ${boardBox.y}, notice ends ${noticeBox.y + noticeBox.height}`,
    );
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-backend-offer.png') });
    await dashboard.locator('#noticeInstall').click();
    await until('the install to fail', async () => (await notice.getAttribute('data-state')) === 'failed', 120_000);
    const text = (await dashboard.locator('#noticeText').textContent()) ?? '';
    assert.match(
      text,
      /^Installing native TensorFlow failed: .*ECONNREFUSED.*Training goes on with the WebAssembly backend\.$/,
    );
    assert.doesNotMatch(text, /behind a proxy|complete log/, "without npm's boilerplate");
    assert.strictEqual(await toasts.count(), 0, 'the result stays in the dashboard too');
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-backend-install-failed.png') });
    await dashboard.locator('#noticeDismiss').click();
    await until('the notice gone', async () => (await notice.isHidden()) || undefined);
  });

  it('opens the dashboard from the status bar item on every one of 50 clicks while training', async () => {
    const item = page.locator('.statusbar-item').filter({ hasText: 'long-ring' }).first();
    await item.waitFor();
    const dashboardTab = page.locator('.tab').filter({ hasText: 'GAN: long-ring' });
    for (let i = 0; i < 50; i++) {
      if (i % 10 === 0) {
        // Now and then from a closed panel, so a click that did nothing would show.
        await dashboardTab.click();
        await runCommand(page, 'View: Close Editor');
        await until('the dashboard closed', async () => (await dashboardTab.count()) === 0 || undefined);
      }
      await item.click();
      if (i % 10 === 0)
        await until(`the dashboard after click ${i + 1}`, async () => (await dashboardTab.count()) === 1 || undefined);
    }
    const errors = await page
      .locator('.notifications-toasts')
      .filter({ hasText: /command .* not found/i })
      .count();
    assert.strictEqual(errors, 0, 'no click found the command missing');
    dashboard = await findWebviewFrame(page, '#lossChart', 30_000);
  });

  it('keeps a zoomed loss chart on its steps while new ones arrive, until a double-click', async () => {
    const chart = dashboard.locator('#lossChart');
    const points = async () => Number(await chart.getAttribute('data-points'));
    const range = async () => ((await chart.getAttribute('data-step-range')) ?? '').split('-').map(Number);
    // Below the samples in a narrow panel: to the middle, clear of the header and of notifications.
    await chart.evaluate((el) =>
      (el as unknown as { scrollIntoView(o: { block: string }): void }).scrollIntoView({ block: 'center' }),
    );
    const box = (await chart.locator('.u-over').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.1, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.up();
    const zoomed = await until('a zoomed step range', async () => {
      const [min, max] = await range();
      return max < 0.8 * Number(await chart.getAttribute('data-last-step')) ? [min, max] : undefined;
    });
    const before = await points();
    await until('new steps', async () => (await points()) > before + 5);
    assert.deepStrictEqual(await range(), zoomed, 'new steps leave the zoom alone');
    const now = (await chart.locator('.u-over').boundingBox())!; // the page may have moved since
    await page.mouse.dblclick(now.x + now.width / 2, now.y + now.height / 2);
    await until('the whole run again, following new steps', async () => {
      const [min, max] = await range();
      return min <= zoomed[0] && max > zoomed[1] && max >= Number(await chart.getAttribute('data-last-step')) - 50;
    });
    await page.mouse.move(0, 0); // the legends show the latest values again
  });

  it('stops from the dashboard: the status says stopped, and so does summary.json', async () => {
    await dashboard.locator('#stop').click();
    await until('stopped', async () => (await dashboard.locator('#status').textContent()) === 'stopped', 60_000);
    const run = latestRun(server.workspace, 'fixtures', 'long-ring')!;
    const summary = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8'));
    assert.strictEqual(summary.status, 'stopped');
    assert.strictEqual(await dashboard.locator('#step').textContent(), String(summary.steps));
    // With the pointer elsewhere, the legends show the last logged step's numbers, not "--".
    const legend = () => dashboard.locator('#lossChart .u-series:visible .u-value').allTextContents();
    await until(
      'the loss legend at the last logged step',
      async () => Number((await legend())[0]?.replace(/,/g, '')) === summary.metrics.step,
    );
    // Smoothed, with the raw value beside it ("1.367 (raw 1.402)"), as TensorBoard gives both.
    const [, dLoss, gLoss] = await legend();
    for (const v of [dLoss, gLoss])
      assert.match(v, /^-?[\d.e-]+ \(raw -?[\d.e-]+\)$/, `legend values: ${(await legend()).join(' | ')}`);
  });

  it('re-themes the charts at once when the colour theme changes, light and dark', async () => {
    // The loss chart's y-axis labels, drawn on its canvas, against the panel's background.
    const axisContrast = () => canvasContrast(dashboard, '#lossChart canvas', { x: 0, y: 0, width: 40, height: 150 });
    const themeKind = () => dashboard.locator('body').getAttribute('data-vscode-theme-kind');
    const readable = 3; // WCAG's least for graphics and large text
    const switchTo = async (theme: string, kind: string) => {
      await chooseColorTheme(page, theme);
      await until(`the dashboard in ${theme}`, async () => (await themeKind()) === kind);
      // A frame for the charts to draw again; an old theme's axes would stay at about 1.5.
      const contrast = await until(
        `readable axes in ${theme}`,
        async () => {
          const c = await axisContrast();
          return c >= readable ? c : undefined;
        },
        5_000,
      );
      await page.screenshot({ path: path.join(OUTPUT, `dashboard-theme-${kind}.png`) });
      return contrast;
    };
    assert.ok((await axisContrast()) >= readable, 'readable axes in the first theme');
    console.log(
      `      measured: axis label contrast: dark ${(await switchTo('Dark Modern', 'vscode-dark')).toFixed(1)}, light ${(await switchTo('Light Modern', 'vscode-light')).toFixed(1)}`,
    );
  });

  it('shows the latest samples without scrolling: above the charts when narrow, beside them when wide', async () => {
    /** Where the samples, their slider and the first chart are in the panel, and its size. */
    const layout = () =>
      dashboard.evaluate(() => {
        // The webview's window (this file is type-checked without the DOM's types).
        const window = globalThis as unknown as {
          innerWidth: number;
          innerHeight: number;
          scrollY: number;
          document: {
            getElementById(id: string): {
              getBoundingClientRect(): { left: number; top: number; bottom: number; width: number };
            } | null;
          };
        };
        // No named functions in here: the bundler would wrap them in a helper the page lacks.
        const [sample, slider, chart] = ['sampleCanvas', 'sampleSlider', 'lossChart'].map((id) =>
          window.document.getElementById(id)!.getBoundingClientRect(),
        );
        return {
          width: window.innerWidth,
          height: window.innerHeight,
          sampleBottom: sample.bottom,
          sliderBottom: slider.bottom,
          sampleLeft: sample.left,
          sampleWidth: sample.width,
          chartLeft: chart.left,
          chartTop: chart.top,
          scrolled: window.scrollY,
        };
      });
    // As a panel opens (the zoom test above scrolled to its chart).
    await dashboard.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    const check = async (name: string) => {
      const l = await layout();
      assert.strictEqual(l.scrolled, 0);
      assert.ok(l.sliderBottom <= l.height, `${name}: the slider at ${l.sliderBottom} of ${l.height} px`);
      assert.ok(l.sampleWidth >= 160, `${name}: samples ${l.sampleWidth} px wide`);
      await page.screenshot({ path: path.join(OUTPUT, `dashboard-${name}.png`) });
      return l;
    };
    const narrow = await check('narrow');
    assert.ok(narrow.width < 900, `the panel beside the editor is ${narrow.width} px`);
    assert.ok(narrow.chartTop >= narrow.sliderBottom, 'narrow: the charts come after the samples');
    // Wide: the dashboard alone, at the window's width.
    await runCommand(page, 'View: Toggle Maximize Editor Group');
    await until('a wide panel', async () => ((await layout()).width > 1200 ? true : undefined));
    const wide = await check('wide');
    assert.ok(wide.chartLeft > wide.sampleLeft + wide.sampleWidth, 'wide: the charts beside the samples');
    await runCommand(page, 'View: Toggle Maximize Editor Group');
  });

  it('rebuilds the dashboard from the run folder after the window reloads', async () => {
    const before = Number(await dashboard.locator('#lossChart').getAttribute('data-points'));
    // Reload as a user does, so VS Code saves the open panels' state first.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(2000);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    dashboard = await findWebviewFrame(page, '#lossChart', 60_000);
    // Live metrics arrive in one-second batches, so the charts may have shown a little less.
    await until(
      'the restored charts',
      async () => Number(await dashboard.locator('#lossChart').getAttribute('data-points')) >= Math.max(1, before),
    );
    assert.strictEqual(await dashboard.locator('#status').textContent(), 'stopped');
    await dashboard.locator('#sampleCanvas[data-step]').waitFor();
  });

  it("shows a broken experiment's problem and does not train it", async () => {
    await openFile(page, 'broken-generator.gan.json');
    await page.locator('.editor-group-container.active .squiggly-error').first().waitFor({ timeout: 30_000 });
    await activeLens(page, 'Train').click();
    await page
      .locator('.notifications-toasts')
      .filter({ hasText: 'broken-generator.gan.json has 1 error' })
      .waitFor({ timeout: 30_000 });
    assert.strictEqual(latestRun(server.workspace, 'fixtures', 'broken-generator'), undefined);
  });

  it('says so in the dashboard when the trainer process is killed', async () => {
    // Train again from the dashboard's own button.
    await openFile(page, 'long-ring.gan.json');
    await activeLens(page, 'Open Dashboard').click();
    dashboard = await findWebviewFrame(page, '#lossChart', 60_000);
    await dashboard.locator('#train').click();
    await until('a new run', async () => (await dashboard.locator('#status').textContent()) === 'running');
    await until('training', async () => Number(await dashboard.locator('#step').textContent()) > 20);
    const run = await until('the run folder', () => latestRun(server.workspace, 'fixtures', 'long-ring'));
    // The trainer of this run, as its summary names it, and no other: kill it as a crash would.
    const pid = await until("the trainer's pid", () => readSummary(run)?.pid);
    process.kill(pid, 'SIGKILL');
    await until('failed', async () => (await dashboard.locator('#status').textContent()) === 'failed', 30_000);
    assert.match((await dashboard.locator('#error').textContent()) ?? '', /ended unexpectedly/);
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8')).status, 'failed');
  });

  it('draws a run of 100,000 logged steps per series, and redraws all of it when the smoothing changes (the time is reported)', async () => {
    // A finished grid-25 run on disk with a point at every step: the charts' worst case.
    const steps = 100_000;
    const run = path.join(server.workspace, '.gan-runs', 'grid-25', '2026-01-01T00-00-00');
    fs.mkdirSync(path.join(run, 'samples'), { recursive: true });
    fs.writeFileSync(path.join(run, 'experiment.json'), JSON.stringify({ name: 'grid-25' }));
    const lines: string[] = [];
    for (let step = 1; step <= steps; step++) {
      const wobble = Math.sin(step / 700) * 0.1 + Math.sin(step * 12.9898) * 0.05;
      const quality =
        step % 1000 === 0
          ? {
              mmd: 0.01 / Math.sqrt(step),
              modesCovered: Math.min(25, Math.floor(step / 3000)),
              modeCount: 25,
              highQualityFraction: 0.9,
            }
          : {};
      lines.push(
        JSON.stringify({
          step,
          dLoss: 1.3 + wobble,
          gLoss: 0.75 - wobble,
          dReal: 0.5 + wobble / 4,
          dFake: 0.5 - wobble / 4,
          wallSeconds: step / 50,
          ...quality,
        }),
      );
    }
    fs.writeFileSync(path.join(run, 'metrics.jsonl'), lines.join('\n') + '\n');
    fs.writeFileSync(
      path.join(run, 'summary.json'),
      JSON.stringify({
        status: 'completed',
        name: 'grid-25',
        steps,
        totalSteps: steps,
        backend: 'wasm',
        stepsPerSecond: 50,
        wallSeconds: steps / 50,
        startedAt: '2026-01-01T00:00:00Z',
        metrics: {},
      }),
    );
    await openFile(page, 'grid-25.gan.json');
    await runCommand(page, 'GAN Studio: Open Dashboard');
    const big = await findWebviewFrame(page, `#lossChart[data-points="${steps}"]`, 120_000);
    const chart = big.locator('#lossChart');
    const drawMs = async () => Number(await chart.getAttribute('data-draw-ms'));
    const first = await drawMs();
    // Each smoothing step recomputes and redraws every series of the three charts, as a batch of
    // new steps does while training.
    const redraws: number[] = [];
    const slider = big.locator('#smoothing');
    for (let i = 0; i < 5; i++) {
      await chart.evaluate((el) => {
        delete el.dataset.drawMs;
      });
      await slider.focus();
      await slider.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
      redraws.push(
        await until('a redraw', async () => (await chart.getAttribute('data-draw-ms')) !== null && drawMs()),
      );
    }
    const median = [...redraws].sort((a, b) => a - b)[2];
    console.log(
      `      measured: ${steps} steps x 4 loss and score lines (+ raw) and the quality chart: first draw ${first.toFixed(1)} ms, redraws ${redraws.map((r) => r.toFixed(1)).join(', ')} ms (median ${median.toFixed(1)})`,
    );
    // The figure itself is `npm run bench:views`'s to measure; this bound only catches a redraw
    // that went quadratic or synchronous on the whole history (seconds, not tens of milliseconds).
    assert.strictEqual(await chart.getAttribute('data-points'), String(steps), 'every step is still drawn');
    assert.ok(median < 1000, `a redraw takes ${median} ms`);
  });

  it('asks to train an experiment that has never run, in one sentence with a Train button', async () => {
    await openFile(page, 'ring-8.gan.json');
    await runCommand(page, 'GAN Studio: Open Dashboard');
    const fresh = await findWebviewFrame(page, '#empty:not([hidden])', 60_000);
    assert.match((await fresh.locator('#empty').textContent()) ?? '', /has not been trained yet/);
    assert.strictEqual(await fresh.locator('#board').isVisible(), false, 'no blank charts');
    assert.strictEqual(await fresh.locator('#facts').isVisible(), false, 'no "step 0/0"');
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-empty.png') });
    await fresh.locator('#emptyTrain').click();
    await until('the run', async () => (await fresh.locator('#status').textContent()) === 'running');
    assert.strictEqual(await fresh.locator('#empty').isVisible(), false);
    await fresh.locator('#board').waitFor();
    await fresh.locator('#stop').click();
    await until('stopped', async () => (await fresh.locator('#status').textContent()) === 'stopped', 60_000);
  });

  it("raises the discriminator's alarm with its remedy, and opens the experiment at the field to change", async () => {
    await openFile(page, 'd-wins.gan.json');
    const lens = activeLens(page, 'Train');
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    const board = await findWebviewFrame(page, '#alarms .alarm[data-id="discriminatorWins"]', 120_000);
    const text = (await board.locator('#alarms .alarm').first().textContent()) ?? '';
    assert.match(text, /The discriminator is winning: from step 10 to 500 .*D\(x\) = 0\.9\d\d/);
    assert.match(text, /lower "training\.dSteps" \(now 5\)/);
    // The status bar's training item turns to a warning too (its own icon: the problems count
    // beside it has a warning icon of its own).
    await until('the warning on the status bar', async () =>
      page.locator('.statusbar-item', { hasText: 'd-wins' }).locator('.codicon-warning').first().isVisible(),
    );
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-alarm.png') });
    await board.locator('#alarms .alarm vscode-button').first().click();
    // The editor shows d-wins.gan.json with the value of "dSteps" (one character, 5) selected.
    await until(
      'the field selected in the experiment',
      async () =>
        (await page.locator('.editor-group-container.active .tab.active').textContent())?.includes('d-wins.gan.json') &&
        /\(1 selected\)/.test((await page.locator('.statusbar').textContent()) ?? ''),
    );
    await board.locator('#stop').click();
    await until('stopped', async () => (await board.locator('#status').textContent()) === 'stopped', 60_000);
  });

  it('pauses a live run, steps each network, changes a learning rate and goes on, all recorded and marked', async () => {
    await openFile(page, 'long-ring-2.gan.json');
    const lens = activeLens(page, 'Train');
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    const board = await findWebviewFrame(page, '#steer:not([hidden])', 60_000);
    const step = async () => Number(await board.locator('#step').textContent());
    await until('some steps', async () => (await step()) > 200);
    const note = board.locator('#steerNote');
    await board.locator('#pause').click();
    await until('paused', async () => /paused/.test((await note.textContent()) ?? ''));
    assert.strictEqual(await board.locator('#pause').textContent(), 'Continue');
    assert.strictEqual(await board.locator('#status').textContent(), 'paused');
    await until('the status bar to say so', async () =>
      page.locator('.statusbar-item', { hasText: 'long-ring-2' }).filter({ hasText: 'paused' }).first().isVisible(),
    );
    const pausedAt = await step();
    await new Promise((r) => setTimeout(r, 1500));
    assert.strictEqual(await step(), pausedAt, 'a paused run takes no step');
    // GAN Lab's views of the paused run's plane: the manifold and the pull change the picture.
    const canvas = board.locator('#sampleCanvas');
    const picture = () => canvas.evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());
    await until('a sample with the views', async () => board.locator('#planeViews').isVisible());
    const plain = await picture();
    await board.locator('#viewManifold').click();
    const withManifold = await picture();
    assert.notStrictEqual(withManifold, plain, 'the manifold is drawn');
    await board.locator('#viewPull').click();
    assert.notStrictEqual(await picture(), withManifold, 'the arrows are drawn');
    await canvas.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-gan-lab-views.png') });
    // Back through the samples with the slider: an earlier step's views.
    const latest = await canvas.getAttribute('data-step');
    await board.locator('#sampleSlider').focus();
    await board.locator('#sampleSlider').press('Home');
    await until('an earlier sample', async () => (await canvas.getAttribute('data-step')) !== latest);
    await board.locator('#sampleSlider').press('End');
    await board.locator('#stepD').click();
    await until('a discriminator step', async () =>
      /one discriminator step \(D loss [\d.]+\)/.test((await note.textContent()) ?? ''),
    );
    await board.locator('#stepG').click();
    await until('a generator step', async () =>
      /one generator step \(G loss -?[\d.]+\)/.test((await note.textContent()) ?? ''),
    );
    await board.locator('#gLr').fill('0.0005');
    await board.locator('#apply').click();
    await until('the new rate', async () => /G lr 0\.0005/.test((await note.textContent()) ?? ''));
    // One mark on the loss chart, at the step the user stepped in after, naming what changed.
    await until(
      'the mark on the loss chart',
      async () => (await board.locator('#lossChart').getAttribute('data-markers')) === '1',
    );
    await board.locator('#lossChart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-paused-interventions.png') });
    // Continue from the editor's CodeLens this time (it says Continue while the run waits).
    await page.locator('.codelens-decoration a').filter({ hasText: 'Continue' }).first().click();
    await until('training again', async () => (await step()) > pausedAt + 50);
    assert.strictEqual(await board.locator('#status').textContent(), 'running');
    await board.locator('#stop').click();
    await until('stopped', async () => (await board.locator('#status').textContent()) === 'stopped', 60_000);
    const runDir = latestRun(server.workspace, 'fixtures', 'long-ring-2')!;
    const recorded = fs
      .readFileSync(path.join(runDir, 'interventions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; step: number; set?: unknown });
    assert.deepStrictEqual(
      recorded.map((i) => i.action),
      ['pause', 'stepDiscriminator', 'stepGenerator', 'set', 'continue'],
    );
    assert.ok(
      recorded.every((i) => i.step === pausedAt),
      JSON.stringify(recorded),
    );
    assert.deepStrictEqual(recorded[3].set, { generatorLearningRate: 0.0005 });
  });

  it("measures digits by the data's classifier: classes, FID and KID beside what real digits score", async () => {
    await openFile(page, 'digits-quick.gan.json');
    const lens = activeLens(page, 'Train');
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    // The first run trains the classifier (about 20 s) and says so in the header.
    const board = await findWebviewFrame(page, '#lossChart', 60_000);
    await until(
      'the classifier note',
      async () =>
        /Training a classifier of the data's 10 classes/.test((await board.locator('#preparing').textContent()) ?? ''),
      60_000,
    );
    await until('the FID chart', async () => board.locator('#fidChart').isVisible(), 180_000);
    for (const id of ['classesChart', 'fidChart', 'kidChart', 'classKlChart'])
      assert.ok(await board.locator(`#${id}`).isVisible(), `${id} is shown`);
    const legend = (await board.locator('#fidChart .u-legend').textContent()) ?? '';
    assert.match(legend, /real vs real\s*[\d.]+/);
    await until('completed', async () => (await board.locator('#status').textContent()) === 'completed', 180_000);
    await board.locator('#fidChart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-image-metrics.png') });
    const summary = readSummary(latestRun(server.workspace, 'fixtures', 'digits-quick')!)!;
    assert.ok(summary.classifier!.accuracy >= 0.97, String(summary.classifier!.accuracy));
    assert.strictEqual(summary.classifier!.realVsReal.classesCovered, 10);
  });
});
