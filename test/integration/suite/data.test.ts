import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { encodePng } from '../../../src/core/render/png';
import { waitFor, workspacePath } from './helpers';

const experiment = (dataPath: string) =>
  JSON.stringify(
    {
      name: 'own-images',
      data: { source: 'images', path: dataPath, width: 8, height: 8, channels: 3 },
      latent: { dim: 8 },
      generator: {
        layers: [
          { type: 'dense', units: 192, activation: 'tanh' },
          { type: 'reshape', targetShape: [8, 8, 3] },
        ],
      },
      discriminator: {
        layers: [
          { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same' },
          { type: 'flatten' },
          { type: 'dense', units: 1 },
        ],
      },
    },
    null,
    2,
  );

const dataProblems = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'GAN Studio' && d.code === 'data-file');

describe('Experiments on your own data', () => {
  it('flags a missing image folder at its path, and clears the problem when the folder appears', async () => {
    const file = workspacePath('fixtures', 'own-images.gan.json');
    const folder = workspacePath('fixtures', 'own-images');
    fs.rmSync(folder, { recursive: true, force: true });
    fs.writeFileSync(file, experiment('own-images'));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const [problem] = await waitFor(
      'the missing-folder problem',
      () => {
        const ds = dataProblems(doc.uri);
        return ds.length ? ds : undefined;
      },
      30_000,
    );
    assert.strictEqual(doc.getText(problem.range), '"own-images"');
    assert.match(problem.message, /"own-images" does not exist/);
    fs.mkdirSync(folder);
    const red = new Uint8Array(5 * 4 * 3).map((_, i) => (i % 3 === 0 ? 255 : 0));
    fs.writeFileSync(`${folder}/red.png`, encodePng(5, 4, 3, red));
    await waitFor('the problem to clear', () => dataProblems(doc.uri).length === 0, 30_000);
  });

  it("shows the shapes inline for an image-folder experiment, from the folder's settings", async () => {
    const file = workspacePath('fixtures', 'own-images.gan.json');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const hints = await waitFor(
      'inlay hints',
      async () => {
        const h = await vscode.commands.executeCommand<vscode.InlayHint[]>(
          'vscode.executeInlayHintProvider',
          doc.uri,
          new vscode.Range(0, 0, doc.lineCount, 0),
        );
        return h?.length ? h : undefined;
      },
      30_000,
    );
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.ok(
      labels.some((l) => l.includes('→ [4,4,4]')),
      `the conv2d on the 8x8 RGB images: ${labels.join(' | ')}`,
    );
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(
      lenses?.some((l) => l.command?.command === 'ganStudio.previewData'),
      'a Preview Data lens',
    );
  });

  it('completes a data path with the folders beside the experiment', async () => {
    const file = workspacePath('fixtures', 'own-images.gan.json');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const at = doc.positionAt(doc.getText().indexOf('"path": "own-images"') + '"path": "'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      at,
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('own-images/'), `offered: ${labels.slice(0, 20).join(', ')}`);
    const item = list.items.find((i) => i.label === 'own-images/')!;
    assert.strictEqual(item.detail, '1 image');
  });
});
