// The Data feature: Preview Data (real samples exactly as the discriminator will see them, drawn by
// a short-lived trainer process, since decoding never runs on the extension host) and Clear Data
// Cache. Runs in the extension host.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { dataCacheDirFor } from '../core/run/runFolder';
import type { HostToTrainer, TrainerPreviewed } from '../shared/trainerProtocol';
import { askTrainer } from './askTrainer';
import { describeData } from '../shared/webviewProtocol';
import type { ExperimentDiagnostics } from './diagnostics';
import { Disposable } from './disposable';
import { readSettings } from './settings';

/** Samples drawn by Preview Data. */
const PREVIEW_COUNT = 64;

export class DataFeature extends Disposable {
  constructor(
    private readonly trainerScript: string,
    private readonly diagnostics: ExperimentDiagnostics,
    private readonly log: vscode.OutputChannel,
  ) {
    super();
    this._register(
      vscode.commands.registerCommand('ganStudio.previewData', (uri?: vscode.Uri) => this.previewData(uri)),
    );
    this._register(vscode.commands.registerCommand('ganStudio.clearDataCache', () => this.clearDataCache()));
  }

  async previewData(uri?: vscode.Uri): Promise<TrainerPreviewed | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(
        'GAN Studio: data are not read in an untrusted workspace. Trust this workspace to preview them.',
      );
      return undefined;
    }
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target?.path.endsWith('.gan.json')) {
      void vscode.window.showErrorMessage('GAN Studio: open a .gan.json experiment to preview its data.');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(target);
    const result = this.diagnostics.update(doc) ?? this.diagnostics.validate(doc);
    if (!result.experiment) {
      void vscode.window.showErrorMessage(
        `GAN Studio: ${path.basename(target.fsPath)} has errors; fix them to preview its data (see the Problems panel).`,
      );
      return undefined;
    }
    const out = path.join(
      os.tmpdir(),
      'gan-studio-preview',
      `${path.basename(target.fsPath, '.gan.json')}-${Date.now()}.png`,
    );
    const request: HostToTrainer = {
      type: 'previewData',
      file: target.fsPath,
      text: doc.getText(),
      out,
      count: PREVIEW_COUNT,
      dataCacheDir: dataCacheDirFor(target.fsPath, readSettings().runsFolder),
    };
    try {
      const answer = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'GAN Studio: reading the data…' },
        () => askTrainer(this.trainerScript, request, 'previewed'),
      );
      const skipped = answer.skipped
        ? `; ${answer.skipped} file${answer.skipped === 1 ? '' : 's'} could not be read and ${answer.skipped === 1 ? 'is' : 'are'} skipped`
        : '';
      const text = `GAN Studio: ${result.experiment.name}'s data, as the discriminator sees them: ${describeData(answer.sampleShape, answer.samples)} (${answer.shown} shown)${skipped}.`;
      this.log.appendLine(text);
      await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(answer.image), {
        viewColumn: vscode.ViewColumn.Beside,
        preview: true,
      });
      void vscode.window.showInformationMessage(text);
      return answer;
    } catch (err) {
      const message = `GAN Studio: the data of ${path.basename(target.fsPath)} cannot be read: ${(err as Error).message}`;
      this.log.appendLine(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  }

  /** Deletes the decoded-sample caches of every experiment in the workspace; says how much. */
  async clearDataCache(): Promise<number> {
    const files = await vscode.workspace.findFiles('**/*.gan.json', '**/node_modules/**');
    const dirs = [...new Set(files.map((f) => dataCacheDirFor(f.fsPath, readSettings().runsFolder)))].filter((d) =>
      fs.existsSync(d),
    );
    let bytes = 0;
    for (const d of dirs) {
      bytes += sizeOf(d);
      fs.rmSync(d, { recursive: true, force: true });
    }
    const mb = (bytes / 1e6).toFixed(1);
    void vscode.window.showInformationMessage(
      dirs.length
        ? `GAN Studio: cleared ${dirs.length} data cache${dirs.length === 1 ? '' : 's'} (${mb} MB). The next run decodes its data again.`
        : 'GAN Studio: there is no data cache to clear.',
    );
    return bytes;
  }
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? sizeOf(p) : fs.statSync(p).size;
  }
  return total;
}
