// Own data in a real VS Code: an experiment on a folder of colour images trains from its CodeLens,
// and the dashboard shows the real samples (as the discriminator sees them) beside the generated.
import * as assert from 'assert';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { findWebviewFrame, openFile } from './harness/browser';
import { OUTPUT } from './harness/tools';
import { useWorkbench } from './harness/workbenchSuite';

/** How far from grey an image's pixels are: the mean of |r - g| + |g - b| over its pixels, 0..510. */
/** The webview's document, typed as far as these tests use it (this file has no DOM types). */
interface Img {
  naturalWidth: number;
  naturalHeight: number;
  complete: boolean;
}
interface Doc {
  getElementById(id: string): (Img & { textContent: string | null }) | null;
  createElement(tag: 'canvas'): {
    width: number;
    height: number;
    getContext(kind: '2d'): {
      drawImage(i: Img, x: number, y: number): void;
      getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
    };
  };
}

/** How far from grey an image's pixels are: the mean of |r - g| + |g - b| over its pixels, 0..510.
 * A function, not a string: the dashboard's policy (rightly) forbids evaluating strings. */
async function colourfulness(frame: Frame, id: string): Promise<number> {
  return frame.evaluate(async (imgId) => {
    const doc = (globalThis as unknown as { document: Doc }).document;
    const wait = (globalThis as unknown as { setTimeout(f: () => void, ms: number): void }).setTimeout;
    const img = doc.getElementById(imgId)!;
    // A newer sample may have replaced the picture since it was seen loaded: wait for that one.
    for (let i = 0; i < 200 && !(img.complete && img.naturalWidth > 0); i++)
      await new Promise<void>((resolve) => wait(resolve, 50));
    const canvas = doc.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += Math.abs(d[i] - d[i + 1]) + Math.abs(d[i + 1] - d[i + 2]);
    return sum / (d.length / 4);
  }, id);
}

/** Polls `probe` until it holds. */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until the image with this id has loaded its picture. */
const loaded = (frame: Frame, id: string) =>
  until(`${id} to load`, () =>
    frame.evaluate(
      (imgId) => ((globalThis as unknown as { document: Doc }).document.getElementById(imgId)?.naturalWidth ?? 0) > 0,
      id,
    ),
  );

describe('GAN Studio on your own images (end to end)', function () {
  const suite = useWorkbench();
  let page: Page;
  before(() => {
    ({ page } = suite);
  });

  it('trains on a folder of colour images from its CodeLens; the dashboard shows real and generated grids in colour', async () => {
    await openFile(page, 'emoji-quick.gan.json');
    const lens = page
      .locator('.editor-group-container.active .codelens-decoration a')
      .filter({ hasText: 'Train' })
      .first();
    await lens.waitFor({ timeout: 60_000 });
    assert.ok(
      await page
        .locator('.editor-group-container.active .codelens-decoration a')
        .filter({ hasText: 'Preview Data' })
        .count(),
      'a Preview Data lens',
    );
    await lens.click();
    const dashboard = await findWebviewFrame(page, '#lossChart', 60_000);
    const real = dashboard.locator('#realImage');
    await real.waitFor({ state: 'visible', timeout: 90_000 });
    await loaded(dashboard, 'realImage');
    assert.match(
      (await dashboard.locator('#realCaption').textContent()) ?? '',
      /as the discriminator sees them: 105 samples of \[16, 16, 3\]/,
    );
    await dashboard.locator('#sampleImage[data-step]').waitFor({ state: 'visible', timeout: 120_000 });
    await loaded(dashboard, 'sampleImage');
    const realColour = await colourfulness(dashboard, 'realImage');
    const fakeColour = await colourfulness(dashboard, 'sampleImage');
    console.log(
      `      measured: colourfulness (mean |r-g|+|g-b|): real ${realColour.toFixed(1)}, generated ${fakeColour.toFixed(1)}`,
    );
    assert.ok(realColour > 20, `the real emoji are in colour: ${realColour}`);
    assert.ok(fakeColour > 5, `the generated grid is in colour: ${fakeColour}`);
    await dashboard.locator('#realImage').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-own-images.png') });
    await dashboard.locator('#stop').click();
    await until('stopped', async () => (await dashboard.locator('#status').textContent()) === 'stopped');
  });
});
