// A workspace the user has not trusted, on a machine that cannot reach the npm registry: training
// is refused with the reason, and installing the native backend fails with a message that says
// why and that training goes on with WebAssembly.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { openFile, runCommand } from './harness/browser';
import type { CodeServer } from './harness/codeServer';
import { useWorkbench } from './harness/workbenchSuite';

describe('GAN Studio in Restricted Mode and offline (end to end)', function () {
  // Nothing listens on port 9 of the loopback: npm fails to connect at once, as offline.
  const suite = useWorkbench({
    trusted: false,
    env: { npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' },
  });
  let server: CodeServer;
  let page: Page;
  before(() => {
    ({ server, page } = suite);
  });

  const toast = (text: string) =>
    page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();

  it('refuses to train in an untrusted workspace and says how to trust it', async () => {
    await openFile(page, 'ring-8.gan.json');
    await runCommand(page, 'GAN Studio: Train Experiment');
    const message = toast('training is disabled in an untrusted workspace');
    await message.waitFor({ timeout: 30_000 });
    assert.ok(
      await message.getByRole('button', { name: 'Manage Workspace Trust' }).isVisible(),
      'the message offers to manage trust',
    );
    await page.waitForTimeout(2000);
    assert.strictEqual(
      fs.existsSync(path.join(server.workspace, '.gan-runs', 'ring-8')),
      false,
      'no run folder was created',
    );
    await message
      .locator('.codicon-notifications-clear')
      .click()
      .catch(() => undefined);
  });

  it('fails to install the native backend offline with the reason, and keeps WebAssembly', async () => {
    await runCommand(page, 'GAN Studio: Install Native Backend (tfjs-node)');
    const message = toast('Installing native TensorFlow failed');
    await message.waitFor({ timeout: 120_000 });
    const text = (await message.textContent()) ?? '';
    assert.match(text, /Training goes on with the WebAssembly backend/);
    assert.match(text, /ECONNREFUSED/, `npm's reason is named: ${text}`);
    assert.doesNotMatch(text, /behind a proxy/, "without npm's boilerplate");
  });
});
