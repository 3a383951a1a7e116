// Which documents are experiments: `.gan.json` files on disk. Not a git diff view, a merge editor's
// base, or any other virtual copy of one, which would get a second set of lenses and problems.
import * as vscode from 'vscode';

export const EXPERIMENT_SELECTOR: vscode.DocumentSelector = { scheme: 'file', pattern: '**/*.gan.json' };

export const isExperimentDocument = (doc: vscode.TextDocument): boolean =>
  doc.uri.scheme === 'file' && doc.uri.path.endsWith('.gan.json');
