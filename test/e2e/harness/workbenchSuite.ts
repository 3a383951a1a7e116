// The life of an end-to-end suite: code-server and a Chromium page on its workbench before the
// tests, a screenshot of each failed test in test/e2e/output, everything stopped after.
// Call inside a mocha `describe`; read the fields from within the tests.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openWorkbench } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { OUTPUT } from './tools';

export interface WorkbenchSuite {
  server: CodeServer;
  browser: Browser;
  page: Page;
}

export function useWorkbench(options: CodeServerOptions = {}): WorkbenchSuite {
  const suite = {} as WorkbenchSuite;
  before(async () => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    suite.server = await startCodeServer(options);
    suite.browser = await launchBrowser();
    suite.page = await openWorkbench(suite.browser, suite.server.url);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && suite.page) {
      const name = this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await suite.page.screenshot({ path: path.join(OUTPUT, `failed-${name}.png`) }).catch(() => undefined);
    }
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}
