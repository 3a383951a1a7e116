// `npm run demo`: builds and packages the extension, serves VS Code (code-server) with it and the
// examples on http://127.0.0.1:<port>, and prints the URL. Its workspace is demo-workspace/, a copy
// of examples/ made on the first start and kept after (edits and runs stay). `npm run demo --
// --screenshot` trains ring-8 there in headless Chromium and saves the finished dashboard to
// test/e2e/output/.
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findWebviewFrame, launchBrowser, openFile, openWorkbench } from './browser';
import { startCodeServer } from './codeServer';
import { OUTPUT, ROOT } from './tools';

async function main(): Promise<void> {
  const screenshot = process.argv.includes('--screenshot');
  const portArg = process.argv.find((a) => a.startsWith('--port='));
  execSync('npm run package', { cwd: ROOT, stdio: 'inherit' });
  const workspace = path.join(ROOT, 'demo-workspace');
  const fresh = !fs.existsSync(workspace);
  const server = await startCodeServer({ port: portArg ? Number(portArg.slice(7)) : undefined, workspace });
  console.log(
    `\nGAN Studio is running in VS Code at:\n\n  ${server.url}\n\nOpen ring-8.gan.json and click "Train" above it. Ctrl-C stops the server.\n` +
      `The workspace is demo-workspace/ (${fresh ? 'copied from examples/ just now' : 'as you left it'}): edits and runs there are kept; delete it to start again from the examples.\n`,
  );
  if (!screenshot) {
    const stop = () => {
      void server.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return;
  }
  const browser = await launchBrowser().catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  try {
    const page = await openWorkbench(browser, server.url);
    await openFile(page, 'ring-8.gan.json');
    await page
      .locator('.editor-group-container.active .codelens-decoration a')
      .filter({ hasText: 'Train' })
      .first()
      .click();
    const dashboard = await findWebviewFrame(page, '#lossChart', 60_000);
    const end = Date.now() + 5 * 60_000;
    while ((await dashboard.locator('#status').textContent()) !== 'completed') {
      if (Date.now() > end) throw new Error('ring-8 did not complete within 5 minutes');
      await page.waitForTimeout(1000);
    }
    await page.waitForTimeout(1500); // the last metrics batch reaches the charts within about a second
    fs.mkdirSync(OUTPUT, { recursive: true });
    const file = path.join(OUTPUT, 'demo-dashboard.png');
    await page.screenshot({ path: file });
    console.log(
      `Saved ${path.relative(ROOT, file)}: ring-8 ${await dashboard.locator('#step').textContent()} steps, ${await dashboard.locator('#status').textContent()}.`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
