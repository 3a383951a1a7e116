// Live problems for `.gan.json` files: the engine's own validation on every change, shown at the
// offending value's exact range. Pure shape arithmetic: no TensorFlow.js in the host.
import * as vscode from 'vscode';
import type { Diagnostic as GanDiagnostic } from '../core/experiment/diagnostic';
import { validateExperimentText, type ValidationResult } from '../core/experiment/validateExperiment';
import { Disposable } from './disposable';
import { isExperimentDocument } from './experimentDocuments';

/**
 * Problems VS Code's own JSON support already reports from the contributed schema (syntax, keys,
 * types, ranges): shown once, by it; the editor adds what only the engine knows (shapes, losses).
 */
const REPORTED_BY_JSON_SUPPORT = new Set([
  'syntax',
  'unknown-key',
  'missing-key',
  'bad-enum',
  'bad-type',
  'out-of-range',
  'schema',
]);

export const editorDiagnostics = (all: GanDiagnostic[]): GanDiagnostic[] =>
  all.filter((d) => !REPORTED_BY_JSON_SUPPORT.has(d.code));

export function toVsDiagnostic(doc: vscode.TextDocument, d: GanDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.offset + d.length));
  const out = new vscode.Diagnostic(
    range,
    d.message,
    d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  out.source = 'GAN Studio';
  out.code = d.code;
  return out;
}

export class ExperimentDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('ganStudio'));
  private readonly cache = new Map<string, { version: number; result: ValidationResult }>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.update(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.update(e.document)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.cache.delete(d.uri.toString());
      }),
    );
    // Files already open are checked just after activation, so activating stays quick.
    const initial = setTimeout(() => {
      for (const d of vscode.workspace.textDocuments) this.update(d);
    }, 0);
    this._register({ dispose: () => clearTimeout(initial) });
  }

  /** The validation of `doc` at its current version (computed once per version). */
  validate(doc: vscode.TextDocument): ValidationResult {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.result;
    const result = validateExperimentText(doc.getText());
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
      diagnostics.map((d) => toVsDiagnostic(doc, d)),
    );
  }
}
