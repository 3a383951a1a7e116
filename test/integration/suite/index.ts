// Runs the integration tests with mocha inside a VS Code extension host: under
// @vscode/test-electron (run) or in code-server through the runner extension (runAndReport).
import Mocha from 'mocha';
import { measurements } from './helpers';

export interface TestReport {
  passed: number;
  failed: number;
  measurements?: string[];
  tests: Array<{ title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }>;
}

function createMocha(): Mocha {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  if (process.env.GAN_STUDIO_TEST_GREP) mocha.grep(process.env.GAN_STUDIO_TEST_GREP);
  // The test files are bundled: define describe/it first, then evaluate them.
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  require('./extension.test');
  require('./authoring.test');
  require('./training.test');
  require('./history.test');
  require('./data.test');
  require('./runs.test');
  return mocha;
}

export function runAndReport(): Promise<TestReport> {
  const report: TestReport = { passed: 0, failed: 0, tests: [] };
  return new Promise((resolve) => {
    const runner = createMocha().run(() => resolve({ ...report, measurements }));
    runner.on('pass', (t) => {
      report.passed++;
      report.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
    });
    runner.on('fail', (t, err: Error) => {
      report.failed++;
      report.tests.push({ title: t.fullTitle(), state: 'failed', error: err.stack ?? String(err) });
    });
    runner.on('pending', (t) => report.tests.push({ title: t.fullTitle(), state: 'pending' }));
  });
}

/** The @vscode/test-electron entry point: rejects when any test fails. */
export async function run(): Promise<void> {
  const report = await runAndReport();
  if (report.failed) throw new Error(`${report.failed} integration test(s) failed`);
}
