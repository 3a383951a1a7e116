// New Experiment: writes a template `.gan.json` into the workspace and opens it, ready to train.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

interface Template {
  file: string;
  label: string;
  detail: string;
}

const TEMPLATES: Template[] = [
  {
    file: 'ring-8.gan.json',
    label: 'Ring of 8 Gaussians (2-D)',
    detail: 'The mode-collapse benchmark: trains in about a minute; watch the points find every mode.',
  },
  {
    file: 'grid-25.gan.json',
    label: 'Grid of 25 Gaussians (2-D)',
    detail:
      'Harder: 25 modes; a packed (PacGAN2) discriminator, a 2-D uniform latent, instance noise, least-squares loss.',
  },
  {
    file: 'mnist-dense.gan.json',
    label: 'MNIST digits, dense GAN',
    detail: 'The small fully connected GAN on the 10,000 bundled digits.',
  },
  {
    file: 'mnist-dcgan.gan.json',
    label: 'MNIST digits, DCGAN',
    detail: 'Convolutional generator and discriminator; sharper digits, slower steps.',
  },
  {
    file: 'image-folder.gan.json',
    label: 'Image folder (your own images)',
    detail: 'A DCGAN on a folder of your PNG, JPEG, WebP or SVG images, resized to 32x32 RGB.',
  },
];

/** A file name in `dir` that does not exist yet: name.gan.json, name-2.gan.json, ... */
export function freeFileName(dir: string, file: string): string {
  const stem = file.replace(/\.gan\.json$/, '');
  let candidate = file;
  for (let n = 2; fs.existsSync(path.join(dir, candidate)); n++) candidate = `${stem}-${n}.gan.json`;
  return candidate;
}

export async function newExperiment(extensionUri: vscode.Uri, pick?: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('GAN Studio: open a folder first; the new experiment is written into it.');
    return undefined;
  }
  const template = pick
    ? TEMPLATES.find((t) => t.file === pick)
    : await vscode.window.showQuickPick(
        TEMPLATES.map((t) => ({ ...t, description: t.file })),
        { placeHolder: 'Start a new experiment from…', matchOnDetail: true },
      );
  if (!template) return undefined;
  const source = vscode.Uri.joinPath(extensionUri, 'dist', 'templates', template.file);
  const name = freeFileName(folder.uri.fsPath, template.file);
  const target = vscode.Uri.joinPath(folder.uri, name);
  let text = Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8');
  // The experiment's name follows its file, so runs of the copy go to their own folder.
  const stem = name.replace(/\.gan\.json$/, '');
  text = text.replace(/"name":\s*"[^"]*"/, `"name": ${JSON.stringify(stem)}`);
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  await vscode.window.showTextDocument(target);
  return target;
}
