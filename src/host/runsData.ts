// The one owner of run folders in the extension host: where an experiment's runs are, their
// cached contents, and file watchers that say when they change (no polling). Features ask it;
// none reads a run folder on its own. Runs in the extension host.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { experimentNameIn } from '../core/experiment/structureCheck';
import { RunsIndex, type RunFolderCache } from '../core/run/runCache';
import { runsDirFor } from '../core/run/runFolder';
import { readRunLabels, writeRunLabels, type RunLabels } from '../core/run/runLabels';
import type { RunSummary } from '../core/run/runRecords';
import { Disposable } from './disposable';
import { readSettings } from './settings';

export class RunsData extends Disposable {
  private readonly index = new RunsIndex();
  private readonly labelCache = new Map<string, RunLabels>();
  /** Runs folder -> the experiment file it belongs to. */
  private readonly owners = new Map<string, string>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<string>());
  /** A run folder (or a runs folder) changed on disk: its path. */
  readonly onDidChange = this._onDidChange.event;

  constructor() {
    super();
    // The files a run rewrites when its state changes; metrics.jsonl grows every second while
    // training and is read only when asked (live runs stream through their session instead).
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/{summary,experiment}.json'));
    const changed = (uri: vscode.Uri) => this.changed(path.dirname(uri.fsPath));
    this._register(watcher.onDidCreate(changed));
    this._register(watcher.onDidChange(changed));
    this._register(watcher.onDidDelete(changed));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ganStudio.runsFolder')) this.index.invalidateAll();
      }),
    );
  }

  /** Tell the cache that `dir` changed (a watcher did, or a session that wrote it ended). */
  changed(dir: string): void {
    this.index.invalidate(dir);
    this._onDidChange.fire(dir);
  }

  /** The experiment's runs folder, `<runsFolder>/<name>/` beside it, by the name the file gives
   * (the editor's text when it is open). A name that is not a safe folder name is not used. */
  runsDirFor(file: string): string | undefined {
    const dir = this.runsDirOf(file);
    if (dir) this.owners.set(dir, file);
    return dir;
  }

  private runsDirOf(file: string): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    let text: string | undefined = open?.getText();
    if (text === undefined) {
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    }
    return runsDirFor(file, experimentNameIn(text), readSettings().runsFolder);
  }

  latestRunDir(file: string): string | undefined {
    const runs = this.runsDirFor(file);
    return runs ? this.index.latestRunDir(runs) : undefined;
  }

  run(dir: string): RunFolderCache {
    return this.index.run(dir);
  }

  /** The experiment's run folders, oldest first. */
  runDirsOf(file: string): string[] {
    const runs = this.runsDirFor(file);
    if (!runs) return [];
    this.owners.set(runs, file);
    return this.index.runDirs(runs);
  }

  /** The experiment file whose runs folder holds `runDir`, when it has been listed (runsDirFor). */
  experimentFileOf(runDir: string): string | undefined {
    return this.owners.get(path.dirname(runDir));
  }

  labels(dir: string): RunLabels {
    let l = this.labelCache.get(dir);
    if (!l) this.labelCache.set(dir, (l = readRunLabels(dir)));
    return l;
  }

  setLabels(dir: string, labels: RunLabels): void {
    writeRunLabels(dir, labels);
    this.labelCache.set(dir, labels);
    this._onDidChange.fire(dir);
  }

  /** Deletes a run folder (the caller has asked the user). */
  deleteRun(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
    this.index.forget(dir);
    this.labelCache.delete(dir);
    this._onDidChange.fire(path.dirname(dir));
  }

  /** The latest run's summary, from the cache. */
  latestSummary(file: string): RunSummary | undefined {
    const dir = this.latestRunDir(file);
    return dir ? this.index.run(dir).summary() : undefined;
  }
}
