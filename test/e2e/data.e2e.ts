// Own data in a real VS Code: an experiment on a folder of colour images trains from its CodeLens,
// and the dashboard shows the real samples (as the discriminator sees them) beside the generated.
import * as assert from 'assert';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { findWebviewFrame, openFile } from './harness/browser';
import { OUTPUT } from './harness/tools';
import { useWorkbench } from './harness/workbenchSuite';

/** How far from grey an image's pixels are: the mean of |r - g| + |g - b| over its pixels, 0..510. */
async function colourfulness(frame: Frame, id: string): Promise<number> {
  // Runs in the webview (a string: this file is type-checked without the DOM's types).
  return frame.evaluate(`(() => {
    const img = document.getElementById(${JSON.stringify(id)});
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += Math.abs(d[i] - d[i + 1]) + Math.abs(d[i + 1] - d[i + 2]);
    return sum / (d.length / 4);
  })()`);
}

/** Waits until the image with this id has loaded its picture. */
const loaded = (frame: Frame, id: string) =>
  frame.waitForFunction(`document.getElementById(${JSON.stringify(id)})?.naturalWidth > 0`, undefined, {
    timeout: 30_000,
  });

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
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-own-images.png') });
    await dashboard.locator('#stop').click();
    await dashboard.waitForFunction(`document.getElementById('status')?.textContent === 'stopped'`, undefined, {
      timeout: 60_000,
    });
  });
});
