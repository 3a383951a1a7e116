// Opens the code-server workbench in Debian's Chromium through playwright-core. Runs in Node.
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { findChromium } from './tools';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    // Root in a container, no GPU, and no calls home: this machine has no network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A page on the workbench, once VS Code has drawn it. */
export async function openWorkbench(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  return page;
}

/** The frame holding a webview's content whose document has `selector`, if any yet. */
export async function findWebviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const frame of page.frames()) {
      try {
        if (await frame.$(selector)) return frame;
      } catch {
        /* frame navigated away */
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`No webview frame with ${selector} within ${timeoutMs} ms`);
}

/** A pattern that matches exactly `text`, for labels that other rows contain as a part. */
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/**
 * Opens the quick input with `key`, types `text` and picks the row whose label is exactly `label`,
 * by clicking it as a user does: the first row may be another match ("View: Close Editor Group"
 * for "View: Close Editor", a run's copy of an experiment for the experiment, a recent item).
 * Asks again if the input closes under it (the workbench still settling: a banner appearing,
 * focus moving) or the row does not come (a file written a moment ago, not yet in Quick Open's
 * first search).
 */
async function pickFromQuickInput(page: Page, key: string, text: string, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press(key);
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(text, { timeout: 5_000 });
      await row.click({ timeout: 15_000 });
      return;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (attempt === 3) throw err;
    }
  }
}

/** Runs a command from the palette, as a user does. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await pickFromQuickInput(page, 'F1', `>${title}`, title);
}

/** Switches the colour theme through the palette's picker, as a user does. */
export async function chooseColorTheme(page: Page, theme: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input');
  await input.fill(theme);
  await page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(theme) }) })
    .first()
    .click();
  await input.waitFor({ state: 'hidden' });
}

/** Opens a workspace file through Quick Open. */
export async function openFile(page: Page, name: string): Promise<void> {
  await pickFromQuickInput(page, 'Control+P', name, name);
  // Clicking its tab focuses the group that holds it (Quick Open may leave focus elsewhere).
  const tab = page.locator('.tab').filter({ hasText: name }).first();
  await tab.waitFor();
  await tab.click();
  await page.locator('.editor-group-container.active .tab.active').filter({ hasText: name }).waitFor();
}
