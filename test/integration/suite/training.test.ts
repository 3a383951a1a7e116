import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as vscode from 'vscode';
import { api, measured, waitFor, workspacePath } from './helpers';

const readSummary = (runDir: string) => JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));

describe('Training from VS Code', () => {
  const file = workspacePath('fixtures', 'long-ring.gan.json');
  const uri = vscode.Uri.file(file);

  afterEach(async () => {
    const a = await api();
    for (const f of [file, workspacePath('fixtures', 'long-ring-2.gan.json')]) {
      const s = a.sessions.get(f);
      if (s?.isRunning) {
        await vscode.commands.executeCommand('ganStudio.stopTraining', vscode.Uri.file(f));
        await waitFor('stop', () => !s.isRunning);
      }
    }
  });

  it('trains in a trainer process, opens the dashboard, keeps the host responsive, and stops with a checkpoint', async () => {
    const a = await api();
    assert.strictEqual(await vscode.commands.executeCommand('ganStudio.trainExperiment', uri), true);
    const session = a.sessions.get(file)!;
    assert.ok(session.pid && session.pid !== process.pid, 'trains in its own process');
    await waitFor('the dashboard', () => a.dashboards().some((d) => d.file === file));
    await waitFor('steps', () => session.status.step >= 200);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    await new Promise((r) => setTimeout(r, 5000));
    delay.disable();
    const p99 = delay.percentile(99) / 1e6;
    measured(
      `extension host event-loop delay while training: p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms at ${session.status.stepsPerSecond?.toFixed(0)} steps/s`,
    );
    // Reported above; the bound only catches work that blocks the host (a synchronous read of the
    // run, training on the host), which shows as hundreds of milliseconds, not the machine's jitter.
    assert.ok(p99 < 250, `p99 ${p99} ms`);
    assert.strictEqual(session.status.backend, 'wasm');
    await vscode.commands.executeCommand('ganStudio.stopTraining', uri);
    await waitFor('stopped', () => session.status.status === 'stopped');
    const summary = readSummary(session.options.runDir);
    assert.strictEqual(summary.status, 'stopped');
    assert.ok(summary.steps >= 200);
    assert.strictEqual(
      JSON.parse(fs.readFileSync(path.join(session.options.runDir, 'checkpoint', 'state.json'), 'utf8')).step,
      summary.steps,
    );
  });

  it('marks the run failed when its trainer is killed, and keeps working', async () => {
    const a = await api();
    await vscode.commands.executeCommand('ganStudio.trainExperiment', uri);
    const session = a.sessions.get(file)!;
    await waitFor('steps', () => session.status.step >= 20);
    session.kill();
    await waitFor('failed', () => session.status.status === 'failed');
    assert.match(session.status.error ?? '', /ended unexpectedly \(signal SIGKILL\)/);
    const summary = readSummary(session.options.runDir);
    assert.strictEqual(summary.status, 'failed');
    const metrics = fs.readFileSync(path.join(session.options.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    assert.ok(
      metrics.length >= 2 && JSON.parse(metrics[0]).step === 10,
      'metrics written before the crash stay readable',
    );
    assert.strictEqual(
      await vscode.commands.executeCommand('ganStudio.trainExperiment', uri),
      true,
      'a new run starts after the crash',
    );
    await waitFor('the new run to step', () => a.sessions.get(file)!.status.step > 0);
  });

  it('trains two experiments at once, each in its own process', async () => {
    const a = await api();
    const other = workspacePath('fixtures', 'long-ring-2.gan.json');
    await vscode.commands.executeCommand('ganStudio.trainExperiment', uri);
    await vscode.commands.executeCommand('ganStudio.trainExperiment', vscode.Uri.file(other));
    const [s1, s2] = [a.sessions.get(file)!, a.sessions.get(other)!];
    await waitFor('both to step', () => s1.status.step > 0 && s2.status.step > 0);
    assert.notStrictEqual(s1.pid, s2.pid);
    assert.strictEqual(a.sessions.running().length, 2);
  });

  it('stops only the experiment a Stop names, never another one that trains', async () => {
    const a = await api();
    const other = workspacePath('fixtures', 'long-ring-2.gan.json');
    await vscode.commands.executeCommand('ganStudio.trainExperiment', vscode.Uri.file(other));
    const s2 = a.sessions.get(other)!;
    await waitFor('steps', () => s2.status.step > 0);
    assert.ok(!a.sessions.get(file)?.isRunning);
    // A lens or a dashboard of long-ring.gan.json, whose run has ended, asks to stop it.
    await vscode.commands.executeCommand('ganStudio.stopTraining', uri);
    await new Promise((r) => setTimeout(r, 2000));
    assert.ok(s2.isRunning, 'the other experiment goes on training');
  });
});
