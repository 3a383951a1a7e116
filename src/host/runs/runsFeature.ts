// The Runs feature: the runs view and what it does with a run (open its dashboard, resume, fork,
// compare, generate samples, export the generator, reveal, rename, delete), and the filter.
// Runs in the extension host; the work that needs TensorFlow.js runs in a trainer process.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseRunFilter } from '../../core/run/runFilter';
import { freeColour } from '../../core/run/runLabels';
import { runDisplayName } from '../../shared/runNames';
import { askTrainer } from '../askTrainer';
import type { BackendsFeature } from '../backendsFeature';
import { Disposable } from '../disposable';
import type { RunsData } from '../runsData';
import { readSettings } from '../settings';
import type { TrainingFeature } from '../trainingFeature';
import type { TrainingSessions } from '../trainingSessions';
import { ComparePanel } from './comparePanel';
import { MAX_COMPARED, RunsTreeProvider, type RunsNode } from './runsTree';

type RunNode = Extract<RunsNode, { kind: 'run' }>;
const isRunNode = (x: unknown): x is RunNode =>
  typeof x === 'object' && x !== null && (x as RunNode).kind === 'run' && typeof (x as RunNode).dir === 'string';

export class RunsFeature extends Disposable {
  readonly tree: RunsTreeProvider;
  readonly view: vscode.TreeView<RunsNode>;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runs: RunsData,
    private readonly sessions: TrainingSessions,
    private readonly training: TrainingFeature,
    private readonly backends: BackendsFeature,
    private readonly trainerScript: string,
  ) {
    super();
    this.tree = this._register(new RunsTreeProvider(runs, sessions));
    this.view = this._register(
      vscode.window.createTreeView('ganStudio.runs', {
        treeDataProvider: this.tree,
        showCollapseAll: true,
        manageCheckboxStateManually: true,
      }),
    );
    this._register(this.view.onDidChangeCheckboxState((e) => this.onChecked(e)));
    this._register(
      vscode.window.registerWebviewPanelSerializer(ComparePanel.viewType, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const dirs = (state as { runDirs?: unknown })?.runDirs;
          ComparePanel.revive(this.extensionUri, this.runs, panel, Array.isArray(dirs) ? dirs.map(String) : []);
        },
      }),
    );
    const command = (id: string, fn: (...args: never[]) => unknown) =>
      this._register(vscode.commands.registerCommand(id, fn));
    const onRun = (fn: (node: RunNode) => unknown) => (node?: unknown) =>
      isRunNode(node) ? fn(node) : this.pickRun().then((picked) => picked && fn(picked));
    command(
      'ganStudio.runs.openDashboard',
      onRun((n) => this.training.openDashboard(vscode.Uri.file(n.file), n.dir)),
    );
    command(
      'ganStudio.runs.resume',
      onRun((n) => this.training.resume(vscode.Uri.file(n.file), n.dir)),
    );
    command(
      'ganStudio.runs.fork',
      onRun((n) => this.training.fork(vscode.Uri.file(n.file), n.dir)),
    );
    command(
      'ganStudio.runs.reveal',
      onRun((n) => vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(n.dir))),
    );
    command(
      'ganStudio.runs.rename',
      onRun((n) => this.rename(n)),
    );
    command(
      'ganStudio.runs.delete',
      onRun((n) => this.delete(n)),
    );
    command('ganStudio.runs.compare', (node?: unknown) => this.compare(isRunNode(node) ? node : undefined));
    command('ganStudio.runs.compareWith', (file: unknown, dir: unknown) =>
      typeof file === 'string' && typeof dir === 'string' ? this.compareWith(file, dir) : undefined,
    );
    command('ganStudio.runs.filter', () => this.askFilter());
    command('ganStudio.runs.clearFilter', () => this.applyFilter(''));
    command(
      'ganStudio.generateSamples',
      onRun((n) => this.useGenerator(n, 'generate')),
    );
    command(
      'ganStudio.exportGenerator',
      onRun((n) => this.useGenerator(n, 'export')),
    );
  }

  private onChecked(e: vscode.TreeCheckboxChangeEvent<RunsNode>): void {
    for (const [node, state] of e.items) {
      if (node.kind !== 'run') continue;
      const at = this.tree.checked.indexOf(node.dir);
      if (state === vscode.TreeItemCheckboxState.Checked && at < 0) {
        if (this.tree.checked.length >= MAX_COMPARED) {
          void vscode.window.showWarningMessage(`GAN Studio: compare up to ${MAX_COMPARED} runs at once.`);
          continue;
        }
        this.tree.checked.push(node.dir);
        this.ensureColour(node.dir);
      } else if (state === vscode.TreeItemCheckboxState.Unchecked && at >= 0) this.tree.checked.splice(at, 1);
    }
    void vscode.commands.executeCommand('setContext', 'ganStudio.runsChecked', this.tree.checked.length);
    this.tree.setFilter(this.tree.filterText !== undefined ? parseRunFilter(this.tree.filterText) : undefined);
  }

  /** A run keeps the colour it was first compared in, so it looks the same in every comparison. */
  private ensureColour(dir: string): string {
    const labels = this.runs.labels(dir);
    if (labels.colour) return labels.colour;
    const taken = this.tree.checked.filter((d) => d !== dir).map((d) => this.runs.labels(d).colour);
    const colour = freeColour(taken);
    try {
      this.runs.setLabels(dir, { ...labels, colour });
    } catch {
      /* a read-only run folder: the colour holds for this window only */
    }
    return colour;
  }

  /** Compare: the ticked runs, or `node` with them; at least two. */
  compare(node?: RunNode): ComparePanel | undefined {
    const dirs = [...this.tree.checked];
    if (node && !dirs.includes(node.dir)) dirs.unshift(node.dir);
    if (dirs.length < 2) {
      void vscode.window.showInformationMessage(
        'GAN Studio: tick the runs to compare in the Runs view (two to eight), then Compare.',
      );
      return undefined;
    }
    const chosen = dirs.slice(0, MAX_COMPARED);
    chosen.forEach((d) => this.ensureColour(d));
    return ComparePanel.show(this.extensionUri, this.runs, chosen);
  }

  /** The dashboard's Compare: `dir` with runs the user picks (ticked runs are picked already). */
  async compareWith(file: string, dir: string): Promise<ComparePanel | undefined> {
    const others = [...this.runs.runDirsOf(file)].reverse().filter((d) => d !== dir);
    const extra = this.tree.checked.filter((d) => d !== dir && !others.includes(d));
    const items = [...others, ...extra].map((d) => {
      const s = this.runs.run(d).summary();
      return {
        label: runDisplayName(path.basename(d), s?.startedAt, this.runs.labels(d).label),
        description: s ? `${s.status} ${s.steps}/${s.totalSteps}` : '',
        detail: d,
        picked: this.tree.checked.includes(d),
        dir: d,
      };
    });
    if (!items.length) {
      void vscode.window.showInformationMessage('GAN Studio: this experiment has one run; train another to compare.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      placeHolder: `Compare with which runs? (up to ${MAX_COMPARED - 1})`,
    });
    if (!picked?.length) return undefined;
    return this.compareRuns([dir, ...picked.map((p) => p.dir)]);
  }

  /** Compares the given run folders (for the dashboard's Compare and tests). */
  compareRuns(dirs: string[]): ComparePanel {
    dirs.forEach((d) => this.ensureColour(d));
    return ComparePanel.show(this.extensionUri, this.runs, dirs.slice(0, MAX_COMPARED));
  }

  private async askFilter(): Promise<void> {
    const text = await vscode.window.showInputBox({
      title: 'Filter runs',
      value: this.tree.filterText ?? '',
      prompt:
        'Words in a run\'s name, label or status, and comparisons, joined by commas: "loss == lsgan, modesCovered >= 8"',
      validateInput: (t) => {
        const f = parseRunFilter(t);
        return f.ok ? undefined : f.message;
      },
    });
    if (text !== undefined) this.applyFilter(text);
  }

  applyFilter(text: string): void {
    const filter = parseRunFilter(text);
    if (!filter.ok) {
      void vscode.window.showErrorMessage(`GAN Studio: ${filter.message}.`);
      return;
    }
    this.tree.setFilter(filter);
    this.view.description = filter.text ? `filter: ${filter.text}` : undefined;
    void vscode.commands.executeCommand('setContext', 'ganStudio.runsFiltered', !!filter.text);
  }

  private async rename(node: RunNode): Promise<void> {
    const labels = this.runs.labels(node.dir);
    const label = await vscode.window.showInputBox({
      title: `Label for run ${path.basename(node.dir)}`,
      value: labels.label ?? '',
      prompt: 'Shown in the runs view and comparisons; the folder keeps its name. Empty to remove.',
    });
    if (label === undefined) return;
    this.runs.setLabels(node.dir, { ...labels, label: label.trim() || undefined });
  }

  private async delete(node: RunNode): Promise<boolean> {
    if (this.sessions.running().some((s) => s.options.runDir === node.dir)) {
      void vscode.window.showErrorMessage('GAN Studio: this run is training; stop it before deleting it.');
      return false;
    }
    const name = this.runs.labels(node.dir).label ?? path.basename(node.dir);
    const ok = await vscode.window.showWarningMessage(
      `Delete run ${name}? Its folder (${node.dir}) with its metrics, samples and checkpoint is removed for good.`,
      { modal: true },
      'Delete',
    );
    if (ok !== 'Delete') return false;
    const at = this.tree.checked.indexOf(node.dir);
    if (at >= 0) this.tree.checked.splice(at, 1);
    this.runs.deleteRun(node.dir);
    return true;
  }

  /** Generate Samples / Export Generator, in a trainer process, into a folder beside the run's. */
  async useGenerator(node: RunNode, what: 'generate' | 'export'): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('GAN Studio: trust this workspace to use a trained generator.');
      return undefined;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const out = path.join(node.dir, what === 'generate' ? `generated/${stamp}` : `export-${stamp}`);
    try {
      const answer = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: what === 'generate' ? 'GAN Studio: generating samples…' : 'GAN Studio: exporting the generator…',
        },
        () =>
          askTrainer(
            this.trainerScript,
            {
              type: what,
              runDir: node.dir,
              out,
              backend: readSettings().backend,
              tfjsNodePath: this.backends.tfjsNodePath(),
              count: 64,
              seed: Date.now() % 100000,
            },
            'used',
          ),
      );
      const main = vscode.Uri.file(path.join(answer.out, answer.main));
      if (what === 'generate')
        await vscode.commands.executeCommand('vscode.open', main, {
          viewColumn: vscode.ViewColumn.Beside,
          preview: true,
        });
      else {
        const readme = vscode.Uri.file(path.join(answer.out, 'README.md'));
        if (fs.existsSync(readme.fsPath)) await vscode.commands.executeCommand('markdown.showPreview', readme);
        void vscode.window.showInformationMessage(
          `GAN Studio: the generator at step ${answer.step} is in ${answer.out}; load model.json with tf.loadLayersModel.`,
        );
      }
      void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(answer.out));
      return answer.out;
    } catch (err) {
      void vscode.window.showErrorMessage(`GAN Studio: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** A run of the active experiment (the palette has no tree item): its runs, newest first. */
  private async pickRun(): Promise<RunNode | undefined> {
    const file = vscode.window.activeTextEditor?.document.uri.fsPath;
    if (!file?.endsWith('.gan.json')) {
      void vscode.window.showErrorMessage('GAN Studio: pick a run in the Runs view, or open its .gan.json experiment.');
      return undefined;
    }
    const dirs = [...this.runs.runDirsOf(file)].reverse();
    if (!dirs.length) {
      void vscode.window.showErrorMessage(`GAN Studio: ${path.basename(file)} has no runs yet.`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      dirs.map((dir) => {
        const s = this.runs.run(dir).summary();
        return {
          label: runDisplayName(path.basename(dir), s?.startedAt, this.runs.labels(dir).label),
          description: s ? `${s.status} ${s.steps}/${s.totalSteps}` : '',
          dir,
        };
      }),
      { placeHolder: 'Which run?' },
    );
    return pick && { kind: 'run', file, dir: pick.dir };
  }
}
