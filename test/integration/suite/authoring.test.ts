import * as assert from 'assert';
import * as vscode from 'vscode';
import { openExperiment, waitFor } from './helpers';

describe('Authoring .gan.json', () => {
  it("reports a misspelt key once, as GAN Studio's error, with nothing from VS Code's JSON support", async () => {
    const editor = await openExperiment('fixtures', 'unknown-key.gan.json');
    const uri = editor.document.uri;
    const ours = await waitFor('our problem', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'GAN Studio' && /unitz/.test(d.message)),
    );
    assert.strictEqual(ours.severity, vscode.DiagnosticSeverity.Error, 'an error, as Train refuses it');
    assert.strictEqual(editor.document.getText(ours.range), '"unitz"');
    // The JSON support has the file and its schema once it completes from it; its checks run then too.
    await waitFor('the JSON support on the file', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        editor.document.positionAt(editor.document.getText().indexOf('"units"') + 1),
      );
      return list?.items.some((i) => /activation/.test(typeof i.label === 'string' ? i.label : i.label.label));
    });
    await new Promise((r) => setTimeout(r, 2000));
    const all = vscode.languages.getDiagnostics(uri);
    assert.deepStrictEqual(
      all.map((d) => `${d.source}: ${d.message}`),
      [`GAN Studio: ${ours.message}`],
    );
  });

  it('completes layer types from the contributed schema', async () => {
    const editor = await openExperiment('fixtures', 'new-layer.gan.json');
    const doc = editor.document;
    const at = doc.getText().indexOf('"type": ""') + '"type": "'.length;
    let seen: string[] = [];
    const items = await waitFor(
      'completions',
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          doc.positionAt(at),
        );
        seen = list?.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)) ?? [];
        return seen.some((l) => l.includes('conv2dTranspose')) ? seen : undefined;
      },
      30_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}; offered: ${seen.join(', ')}`);
    });
    for (const t of ['dense', 'conv2d', 'batchNormalization', 'leakyReLU'])
      assert.ok(
        items.some((l) => l.includes(t)),
        `${t} in ${items.join(', ')}`,
      );
  });
});

describe('Experiments seen through another scheme', () => {
  it('gets no lenses, inlay hints or problems of ours in a virtual copy (as a git diff view shows one)', async () => {
    const text = JSON.stringify(
      {
        name: 'copy',
        data: { source: 'ring' },
        generator: { layers: [{ type: 'dense', units: 3 }] },
        discriminator: { layers: [{ type: 'dense', units: 1 }] },
      },
      null,
      2,
    );
    const provider = vscode.workspace.registerTextDocumentContentProvider('gan-studio-test', {
      provideTextDocumentContent: () => text,
    });
    try {
      const uri = vscode.Uri.parse('gan-studio-test:/copy/broken.gan.json');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      // The same text on disk would get a Train lens and a shape error at once.
      await new Promise((r) => setTimeout(r, 1500));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      assert.deepStrictEqual(lenses ?? [], []);
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        'vscode.executeInlayHintProvider',
        uri,
        new vscode.Range(0, 0, doc.lineCount, 0),
      );
      assert.deepStrictEqual(hints ?? [], []);
      assert.deepStrictEqual(
        vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'GAN Studio'),
        [],
      );
    } finally {
      provider.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});

describe('Authoring helpers', () => {
  it('applies a quick fix that makes a broken generator meet the data', async () => {
    const editor = await openExperiment('fixtures', 'broken-generator.gan.json');
    const uri = editor.document.uri;
    const d = await waitFor('the shape problem', () =>
      vscode.languages.getDiagnostics(uri).find((x) => x.code === 'generator-output'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      d.range,
    );
    const fix = actions.find((a) => a.title === "Set the generator's last units to 2");
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor(
      'the problem to clear',
      () => !vscode.languages.getDiagnostics(uri).some((x) => x.source === 'GAN Studio'),
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it("shows each layer's output shape and parameters inline", async () => {
    const editor = await openExperiment('mnist-dcgan.gan.json');
    const doc = editor.document;
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      doc.uri,
      new vscode.Range(0, 0, doc.lineCount, 0),
    );
    const labels = hints.map((h) =>
      (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')).trim(),
    );
    assert.ok(labels.includes('→ [14,14,32] · 32,800 params'), labels.join(' | '));
    assert.ok(labels.includes('→ [28,28,1] · 513 params'));
  });

  it('writes a new experiment from a template and opens it', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('ganStudio.newExperiment', 'ring-8.gan.json');
    assert.ok(uri && uri.fsPath.endsWith('ring-8-2.gan.json'), uri?.fsPath);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);
    assert.match(vscode.window.activeTextEditor!.document.getText(), /"name": "ring-8-2"/);
  });
});
