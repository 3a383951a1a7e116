// Editor help for `.gan.json`: shapes and parameters inline, a hover that explains a layer's shape,
// and quick fixes for the common mistakes. All computed by the core from the text.
import * as vscode from 'vscode';
import { experimentAnnotations } from '../core/experiment/annotations';
import { quickFixesFor } from '../core/experiment/quickFixes';
import { Disposable } from './disposable';
import type { ExperimentDiagnostics } from './diagnostics';
import { DataPathCompletion } from './dataPathCompletion';
import { EXPERIMENT_SELECTOR } from './experimentDocuments';

export class ExperimentAuthoring
  extends Disposable
  implements vscode.InlayHintsProvider, vscode.HoverProvider, vscode.CodeActionProvider
{
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: ExperimentDiagnostics) {
    super();
    this._register(vscode.languages.registerInlayHintsProvider(EXPERIMENT_SELECTOR, this));
    this._register(vscode.languages.registerHoverProvider(EXPERIMENT_SELECTOR, this));
    this._register(
      vscode.languages.registerCompletionItemProvider(EXPERIMENT_SELECTOR, new DataPathCompletion(), '/', '"'),
    );
    this._register(
      vscode.languages.registerCodeActionsProvider(EXPERIMENT_SELECTOR, this, {
        providedCodeActionKinds: ExperimentAuthoring.providedCodeActionKinds,
      }),
    );
  }

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    return experimentAnnotations(doc.getText())
      .map((a) => {
        const hint = new vscode.InlayHint(doc.positionAt(a.offset), ` ${a.label}`);
        hint.paddingLeft = true;
        hint.tooltip = new vscode.MarkdownString(a.hover);
        return hint;
      })
      .filter((h) => range.contains(h.position));
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const offset = doc.offsetAt(position);
    // The innermost layer object under the cursor (a network's summary spans all its layers).
    const hit = experimentAnnotations(doc.getText())
      .filter((a) => offset >= a.range.offset && offset <= a.range.offset + a.range.length)
      .sort((a, b) => a.range.length - b.range.length)[0];
    if (!hit) return undefined;
    return new vscode.Hover(
      new vscode.MarkdownString(hit.hover),
      new vscode.Range(doc.positionAt(hit.range.offset), doc.positionAt(hit.range.offset + hit.range.length)),
    );
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const text = doc.getText();
    const actions: vscode.CodeAction[] = [];
    for (const d of this.diagnostics.validate(doc).diagnostics) {
      const dRange = new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.offset + d.length));
      if (!dRange.intersection(range)) continue;
      for (const fix of quickFixesFor(text, d)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits)
          action.edit.replace(
            doc.uri,
            new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)),
            e.newText,
          );
        action.isPreferred = fix.isPreferred;
        action.diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((vd) => vd.range.isEqual(dRange));
        actions.push(action);
      }
    }
    return actions;
  }
}
