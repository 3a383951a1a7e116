import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, measured, waitFor, workspacePath } from './helpers';

interface PanelForTests {
  file: string;
  snapshotMs: number[];
  panel: vscode.WebviewPanel;
}

describe("A long run's history", () => {
  it('shows a dashboard of 100,000 logged steps again without blocking the extension host', async () => {
    const file = workspacePath('fixtures', 'history.gan.json');
    fs.copyFileSync(workspacePath('fixtures', 'long-ring.gan.json'), file);
    const text = fs.readFileSync(file, 'utf8').replace(/"name":\s*"[^"]*"/, '"name": "history"');
    fs.writeFileSync(file, text);
    const run = path.join(path.dirname(file), '.gan-runs', 'history', '2026-01-01T00-00-00');
    fs.mkdirSync(path.join(run, 'samples'), { recursive: true });
    fs.writeFileSync(path.join(run, 'experiment.json'), JSON.stringify({ name: 'history' }));
    const lines: string[] = [];
    for (let step = 1; step <= 100_000; step++) {
      lines.push(
        JSON.stringify({
          step,
          dLoss: 1 + Math.sin(step / 500),
          gLoss: 1,
          dReal: 0.5,
          dFake: 0.5,
          wallSeconds: step / 100,
        }),
      );
    }
    fs.writeFileSync(path.join(run, 'metrics.jsonl'), lines.join('\n') + '\n');
    fs.writeFileSync(
      path.join(run, 'summary.json'),
      JSON.stringify({
        status: 'completed',
        name: 'history',
        steps: 100_000,
        totalSteps: 100_000,
        backend: 'wasm',
        stepsPerSecond: 100,
        wallSeconds: 1000,
        startedAt: '',
        metrics: {},
      }),
    );

    const a = await api();
    await vscode.commands.executeCommand('ganStudio.openDashboard', vscode.Uri.file(file));
    const dashboard = await waitFor(
      'the dashboard',
      () => (a.dashboards() as unknown as PanelForTests[]).find((d) => d.file === file && d.snapshotMs.length >= 1),
      60_000,
    );
    // Covered by an editor in its column, the webview is torn down; shown again, it asks again.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc, { viewColumn: dashboard.panel.viewColumn, preview: false });
    await waitFor('the dashboard hidden', () => !dashboard.panel.visible);
    dashboard.panel.reveal(undefined, false);
    await waitFor('the dashboard shown again', () => dashboard.snapshotMs.length >= 2, 60_000);
    const [first, again] = dashboard.snapshotMs;
    measured(
      `dashboard of 100,000 logged steps on the extension host: first show ${first.toFixed(1)} ms (reads the run), shown again ${again.toFixed(1)} ms (from the cache)`,
    );
    // Reported (21-126 ms here, against about 700 ms when every show re-read the run); the bound
    // catches a return to re-reading and re-serialising the whole run.
    assert.ok(again < 400, `shown again: ${again.toFixed(1)} ms`);
    dashboard.panel.dispose();
  });
});
