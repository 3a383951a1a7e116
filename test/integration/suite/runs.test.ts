// Runs kept, listed, compared and used, through the extension's own objects inside VS Code.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { tinyExperiment } from '../../helpers/experiments';
import { api, waitFor, workspacePath } from './helpers';

const experiment = (seed: number) =>
  JSON.stringify(
    tinyExperiment({
      name: 'runs-tiny',
      seed,
      training: { steps: 200, batchSize: 16 },
      log: { every: 10 },
      samples: { every: 100, count: 16, evaluationCount: 100 },
      checkpoint: { every: 100 },
    }),
  );

describe('Runs in VS Code', () => {
  const file = workspacePath('fixtures', 'runs-tiny.gan.json');
  const uri = vscode.Uri.file(file);
  const runDirs: string[] = [];

  /** Writes the file as a user edits it: through its document (Train reads what the editor holds). */
  async function setText(text: string): Promise<void> {
    if (!fs.existsSync(file)) fs.writeFileSync(file, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
  }

  async function trainOnce(seed: number): Promise<string> {
    await setText(experiment(seed));
    const a = await api();
    assert.strictEqual(await vscode.commands.executeCommand('ganStudio.trainExperiment', uri), true);
    const session = a.sessions.get(file)!;
    await waitFor('the run to finish', () => !session.isRunning, 60_000);
    assert.strictEqual(session.status.status, 'completed', session.status.error);
    return session.options.runDir;
  }

  before(async function () {
    this.timeout(120_000);
    await vscode.workspace.getConfiguration('ganStudio').update('openDashboardOnTrain', false);
    runDirs.push(await trainOnce(1));
    runDirs.push(await trainOnce(2));
  });
  after(async () => {
    await vscode.workspace.getConfiguration('ganStudio').update('openDashboardOnTrain', undefined);
  });

  it('lists both runs, newest first, under their experiment', async () => {
    const tree = (await api()).runsTree;
    await waitFor('the experiment in the view', async () =>
      (await tree.getChildren()).some((n) => n.kind === 'experiment' && n.file === file),
    );
    const experimentNode = (await tree.getChildren()).find((n) => n.file === file)!;
    const runs = await tree.getChildren(experimentNode);
    assert.deepStrictEqual(
      runs.map((r) => r.dir),
      [...runDirs].reverse(),
    );
    const item = tree.getTreeItem(runs[0]);
    assert.match(String(item.description), /^200\/200 · /);
    assert.match(item.contextValue ?? '', /^run\.completed.*checkpoint/);
  });

  it('compares the two runs: both curves and the seed that differs', async () => {
    const panel = (await api()).compareRuns(runDirs);
    const snapshot = panel.snapshot();
    assert.deepStrictEqual(
      snapshot.runs.map((r) => r.dir),
      runDirs,
    );
    for (const r of snapshot.runs) assert.strictEqual(r.metrics.step.length, 20, 'a point per logged step');
    const differing = snapshot.parameters.filter((p) => p.differs);
    assert.deepStrictEqual(
      differing.map((p) => [p.path, ...p.values]),
      [['seed', '1', '2']],
    );
  });

  it('generates samples and exports the generator from a run, into its folder', async () => {
    const a = await api();
    const generated = await a.useGenerator(file, runDirs[1], 'generate');
    assert.ok(generated && generated.startsWith(runDirs[1]), String(generated));
    for (const f of ['grid.png', 'samples.csv', 'latents.csv', 'generated.json'])
      assert.ok(fs.existsSync(path.join(generated!, f)), f);
    const exported = await a.useGenerator(file, runDirs[1], 'export');
    for (const f of ['model.json', 'weights.bin', 'generator.json', 'README.md'])
      assert.ok(fs.existsSync(path.join(exported!, f)), f);
    const meta = JSON.parse(fs.readFileSync(path.join(exported!, 'generator.json'), 'utf8'));
    assert.deepStrictEqual(meta.latent.dim, 4);
  });

  it('refuses to resume a finished run, and resumes it for more steps', async () => {
    const a = await api();
    assert.strictEqual(await vscode.commands.executeCommand('ganStudio.resumeRun', uri, runDirs[1]), false);
    await setText(experiment(2).replace('"steps":200', '"steps":300'));
    assert.match(experiment(2), /"steps":200/, 'the edit above finds its text');
    assert.strictEqual(await vscode.commands.executeCommand('ganStudio.resumeRun', uri, runDirs[1]), true);
    const session = a.sessions.get(file)!;
    assert.strictEqual(session.options.runDir, runDirs[1], 'in its own folder');
    await waitFor('the resumed run to finish', () => !session.isRunning, 60_000);
    assert.strictEqual(session.status.status, 'completed', session.status.error);
    const steps = fs
      .readFileSync(path.join(runDirs[1], 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).step as number);
    assert.deepStrictEqual(
      steps,
      Array.from({ length: 30 }, (_, i) => 10 * (i + 1)),
    );
  });
});
