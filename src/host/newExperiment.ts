// New Experiment: writes a template `.gan.json` into the workspace and opens it, ready to train.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { experimentNameOf, experimentNameProblem } from '../core/experiment/experimentName';

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

/** Where a new experiment goes unless the user says otherwise: the folder clicked in the Explorer,
 * else the active file's folder (inside the workspace), else the first workspace folder. */
function activeFolder(clicked?: vscode.Uri): vscode.Uri | undefined {
  if (clicked && vscode.workspace.getWorkspaceFolder(clicked)) {
    try {
      return fs.statSync(clicked.fsPath).isDirectory() ? clicked : vscode.Uri.joinPath(clicked, '..');
    } catch {
      /* gone since: fall through */
    }
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active))
    return vscode.Uri.joinPath(active, '..');
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** Asks for the name and the folder, the folder relative to its workspace folder (created if new). */
async function askWhere(template: Template, start: vscode.Uri): Promise<{ name: string; dir: vscode.Uri } | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'New Experiment: name',
    prompt: 'Its file is NAME.gan.json, and its runs go to .gan-runs/NAME.',
    value: freeFileName(start.fsPath, template.file).replace(/\.gan\.json$/, ''),
    validateInput: (v) => experimentNameProblem(v),
  });
  if (typed === undefined) return undefined;
  const name = experimentNameOf(typed);
  const root = vscode.workspace.getWorkspaceFolder(start) ?? vscode.workspace.workspaceFolders![0];
  const folder = await vscode.window.showInputBox({
    title: 'New Experiment: folder',
    prompt: `Relative to ${root.name}; created if it does not exist.`,
    value: path.relative(root.uri.fsPath, start.fsPath) || '.',
    validateInput: (v) => {
      const dir = path.resolve(root.uri.fsPath, v.trim() || '.');
      if (dir !== root.uri.fsPath && !dir.startsWith(root.uri.fsPath + path.sep))
        return `Choose a folder inside ${root.name}.`;
      if (fs.existsSync(path.join(dir, `${name}.gan.json`)))
        return `${name}.gan.json already exists there: choose another folder, or Escape and another name.`;
      return undefined;
    },
  });
  if (folder === undefined) return undefined;
  return { name, dir: vscode.Uri.file(path.resolve(root.uri.fsPath, folder.trim() || '.')) };
}

/**
 * Writes a new experiment from a template and opens it. Asked from the palette or the Explorer, it
 * asks which template, its name and its folder; given a template (tests, links), it writes a free
 * name beside the active folder without asking.
 */
export async function newExperiment(
  extensionUri: vscode.Uri,
  pick?: string,
  clicked?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const start = activeFolder(clicked);
  if (!start) {
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
  const where = pick
    ? { name: freeFileName(start.fsPath, template.file).replace(/\.gan\.json$/, ''), dir: start }
    : await askWhere(template, start);
  if (!where) return undefined;
  const source = vscode.Uri.joinPath(extensionUri, 'dist', 'templates', template.file);
  const target = vscode.Uri.joinPath(where.dir, `${where.name}.gan.json`);
  let text = Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8');
  // The experiment's name follows its file, so runs of the copy go to their own folder.
  text = text.replace(/"name":\s*"[^"]*"/, `"name": ${JSON.stringify(where.name)}`);
  await vscode.workspace.fs.createDirectory(where.dir);
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  await vscode.window.showTextDocument(target);
  return target;
}
