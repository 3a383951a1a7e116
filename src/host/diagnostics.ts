// Live problems for `.gan.json` files: the engine's own validation on every change, shown at the
// offending value's exact range. Pure shape arithmetic and data-file headers: no TensorFlow.js and
// no image decoding in the host. In an untrusted workspace no data file is read.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Diagnostic as GanDiagnostic } from '../core/experiment/diagnostic';
import { validateExperimentText, type ValidationResult } from '../core/experiment/validateExperiment';
import { Disposable } from './disposable';
import { isExperimentDocument } from './experimentDocuments';
import { readSettings } from './settings';

/**
 * One voice: every problem Train would refuse is shown, by GAN Studio, as the error it is, while
 * the user types. VS Code's JSON support gets a schema that completes and explains but checks
 * nothing (core/experiment/editorSchema.ts); only broken JSON is its to report, as it does anyway.
 */
export const editorDiagnostics = (all: GanDiagnostic[]): GanDiagnostic[] => all.filter((d) => d.code !== 'syntax');

export function toVsDiagnostic(doc: vscode.TextDocument, d: GanDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.offset + d.length));
  const out = new vscode.Diagnostic(
    range,
    d.message,
    d.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : d.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information,
  );
  out.source = 'GAN Studio';
  out.code = d.code;
  return out;
}

/** How long the keys must rest before the file is checked again (VS Code's own checks wait too). */
const TYPING_PAUSE_MS = 150;

export class ExperimentDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('ganStudio'));
  private readonly cache = new Map<string, { version: number; result: ValidationResult }>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.update(d)));
    // While typing, checked once the keys pause: a check per keystroke is work that can wait, and
    // the editor's own painting shares the cores with any trainer.
    const typing = new Map<string, ReturnType<typeof debounce>>();
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!isExperimentDocument(e.document) || e.contentChanges.length === 0) return;
        const key = e.document.uri.toString();
        if (!typing.has(key))
          typing.set(
            key,
            debounce(() => this.update(e.document), TYPING_PAUSE_MS),
          );
        typing.get(key)!();
      }),
    );
    this._register({ dispose: () => typing.forEach((t) => t.cancel()) });
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.cache.delete(d.uri.toString());
        typing.get(d.uri.toString())?.cancel();
        typing.delete(d.uri.toString());
      }),
    );
    // Data files appear, change and go: experiments that read files are checked again (their
    // headers are cached by size and time, so an unchanged file costs a stat).
    const recheck = debounce(() => this.recheckAll(), 300);
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));
    // Run folders change all the time while training and hold no experiment's data.
    const onChange = (uri: vscode.Uri) => {
      if (!uri.fsPath.split(path.sep).includes(readSettings().runsFolder)) recheck();
    };
    this._register(watcher.onDidCreate(onChange));
    this._register(watcher.onDidDelete(onChange));
    this._register({ dispose: () => recheck.cancel() });
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.recheckAll()));
    // Files already open are checked just after activation, so activating stays quick.
    const initial = setTimeout(() => {
      for (const d of vscode.workspace.textDocuments) this.update(d);
    }, 0);
    this._register({ dispose: () => clearTimeout(initial) });
  }

  /** Validates again every open experiment that reads files (a data file came or went). */
  private recheckAll(): void {
    for (const doc of vscode.workspace.textDocuments) {
      const hit = this.cache.get(doc.uri.toString());
      if (!isExperimentDocument(doc) || (hit && !hit.result.dataProbe && hit.result.experiment)) continue;
      this.cache.delete(doc.uri.toString());
      this.update(doc);
    }
  }

  /** The validation of `doc` at its current version (computed once per version). */
  validate(doc: vscode.TextDocument): ValidationResult {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.result;
    // Data paths are read only where the user trusts the workspace.
    const baseDir = vscode.workspace.isTrusted ? path.dirname(doc.uri.fsPath) : undefined;
    const result = validateExperimentText(doc.getText(), { baseDir });
    result.diagnostics.push(...outsideWorkspace(result));
    this.cache.set(key, { version: doc.version, result });
    return result;
  }

  update(doc: vscode.TextDocument): ValidationResult | undefined {
    if (!isExperimentDocument(doc)) return undefined;
    const result = this.validate(doc);
    this.collection.set(
      doc.uri,
      editorDiagnostics(result.diagnostics).map((d) => toVsDiagnostic(doc, d)),
    );
    return result;
  }

  /** Shows problems the trainer reported (the file changed between the check and the start). */
  show(doc: vscode.TextDocument, diagnostics: GanDiagnostic[]): void {
    this.collection.set(
      doc.uri,
      editorDiagnostics(diagnostics).map((d) => toVsDiagnostic(doc, d)),
    );
  }
}

/** An information at `data.path` when the data lie outside every workspace folder (links followed):
 * allowed, but worth seeing, since an experiment shared with the workspace would not find them. */
function outsideWorkspace(result: ValidationResult): GanDiagnostic[] {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => realPath(f.uri.fsPath));
  if (!folders.length || !result.dataProbe) return [];
  const outside = result.dataProbe.resolvedPaths.filter(
    (p) => !folders.some((f) => p === f || p.startsWith(f + path.sep)),
  );
  return outside.map((p) =>
    result.source.diagnostic(
      'info',
      'data-outside-workspace',
      `The data are read from ${p}, outside the workspace folder.`,
      ['data', 'path'],
    ),
  );
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function debounce(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  return Object.assign(call, { cancel: () => clearTimeout(timer) });
}
