// Runs the integration suite (test/integration/suite) inside a real VS Code: code-server with the
// packaged extension and a runner extension that runs mocha in the extension host; a headless
// Chromium opens the workbench so the extension host starts. Prints each test, then a count.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { launchBrowser, openWorkbench } from './browser';
import { startCodeServer } from './codeServer';
import { OUTPUT, ROOT } from './tools';

interface Report {
  passed: number;
  failed: number;
  crashed?: string;
  measurements?: string[];
  tests: Array<{ title: string; state: string; durationMs?: number; error?: string }>;
}

async function main(): Promise<number> {
  const started = Date.now();
  const suite = path.join(ROOT, 'out', 'integration', 'suite.js');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test', 'integration', 'suite', 'index.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gan-studio-it-')), 'results.json');
  fs.mkdirSync(OUTPUT, { recursive: true });
  const server = await startCodeServer({
    extraExtensions: [path.join(ROOT, 'test', 'integration', 'runner-extension')],
    env: {
      GAN_STUDIO_TEST_SUITE: suite,
      GAN_STUDIO_TEST_RESULTS: results,
      GAN_STUDIO_TEST_GREP: process.env.GAN_STUDIO_TEST_GREP ?? '',
    },
  });
  let report: Report | undefined;
  const browser = await launchBrowser().catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  try {
    const page = await openWorkbench(browser, server.url);
    const deadline = Date.now() + 10 * 60_000;
    while (!fs.existsSync(results)) {
      if (Date.now() > deadline) {
        await page.screenshot({ path: path.join(OUTPUT, 'integration-timeout.png') });
        throw new Error('The integration suite did not finish within 10 minutes (screenshot in test/e2e/output).');
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    report = JSON.parse(fs.readFileSync(results, 'utf8')) as Report;
    if (report.failed || report.crashed) await page.screenshot({ path: path.join(OUTPUT, 'integration-failure.png') });
  } finally {
    await browser.close();
    await server.stop();
  }
  if (report.crashed) {
    console.error(`The integration suite crashed:\n${report.crashed}`);
    return 1;
  }
  for (const t of report.tests) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✖' : '-';
    console.log(`  ${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error)
      console.log(
        t.error
          .split('\n')
          .map((l) => `      ${l}`)
          .join('\n'),
      );
  }
  for (const m of report.measurements ?? []) console.log(`  measured: ${m}`);
  console.log(`\nintegration (inside code-server, ${((Date.now() - started) / 1000).toFixed(0)} s):`);
  console.log(`${report.passed} passed, ${report.failed} failed`);
  return report.failed || report.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
