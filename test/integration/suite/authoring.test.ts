import * as assert from 'assert';
import * as vscode from 'vscode';
import { openExperiment, waitFor } from './helpers';

describe('Authoring .gan.json', () => {
  it('checks files against the contributed schema with VS Code\'s JSON support', async () => {
    const editor = await openExperiment('fixtures', 'unknown-key.gan.json');
    const all = await waitFor('schema diagnostics', () => {
      const ds = vscode.languages.getDiagnostics(editor.document.uri);
      return ds.length ? ds : undefined;
    }, 30_000);
    assert.ok(all.some((d) => /unitz/.test(d.message) || /unitz/.test(editor.document.getText(d.range))));
  });

  it('completes layer types from the contributed schema', async () => {
    const editor = await openExperiment('fixtures', 'new-layer.gan.json');
    const doc = editor.document;
    const at = doc.getText().indexOf('"type": ""') + '"type": "'.length;
    let seen: string[] = [];
    const items = await waitFor('completions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(at));
      seen = list?.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)) ?? [];
      return seen.some((l) => l.includes('conv2dTranspose')) ? seen : undefined;
    }, 30_000).catch((e: Error) => { throw new Error(`${e.message}; offered: ${seen.join(', ')}`); });
    for (const t of ['dense', 'conv2d', 'batchNormalization', 'leakyReLU']) assert.ok(items.some((l) => l.includes(t)), `${t} in ${items.join(', ')}`);
  });
});
