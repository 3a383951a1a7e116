// Completion of data paths: inside `data.path` or `data.labels`, the entries of the folder typed so
// far (relative to the experiment file), folders first, filtered by what the source reads. Lists one
// folder per request; nothing in an untrusted workspace. Runs in the extension host.
import * as fs from 'fs';
import * as path from 'path';
import { getLocation } from 'jsonc-parser';
import * as vscode from 'vscode';
import { IMAGE_EXTENSIONS } from '../core/data/files/imageFiles';
import { dataSourceIn, tooDeepAt } from '../core/experiment/structureCheck';

/** Which files each source can read; folders are always offered (to go into them). */
const FILE_KINDS: Record<string, (name: string) => boolean> = {
  images: () => false, // a folder of images: files are not what the path names
  npy: (n) => /\.np[yz]$/i.test(n),
  csv: (n) => /\.(csv|tsv|txt)$/i.test(n),
  idx: (n) => /(idx\d-ubyte|ubyte)(\.gz)?$/i.test(n) || /\.gz$/i.test(n),
};

export class DataPathCompletion implements vscode.CompletionItemProvider {
  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!vscode.workspace.isTrusted) return undefined;
    const text = doc.getText();
    if (tooDeepAt(text) !== undefined) return undefined;
    const offset = doc.offsetAt(position);
    const location = getLocation(text, offset);
    const node = location.previousNode;
    const [a, b] = location.path;
    if (a !== 'data' || (b !== 'path' && b !== 'labels') || location.path.length !== 2 || node?.type !== 'string')
      return undefined;
    // What is typed so far, inside the quotes, up to the cursor.
    const typed = text.slice(node.offset + 1, offset);
    const slash = Math.max(typed.lastIndexOf('/'), typed.lastIndexOf('\\'));
    const folderTyped = slash >= 0 ? typed.slice(0, slash + 1) : '';
    const folder = path.resolve(path.dirname(doc.uri.fsPath), folderTyped || '.');
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return [];
    }
    const source = String(dataSourceIn(text));
    const wantsFile = b === 'labels' ? FILE_KINDS.idx : (FILE_KINDS[source] ?? (() => true));
    const start = doc.positionAt(node.offset + 1 + folderTyped.length);
    const range = new vscode.Range(start, position);
    const items: vscode.CompletionItem[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const isDir = e.isDirectory();
      if (!isDir && !wantsFile(e.name)) continue;
      const item = new vscode.CompletionItem(
        isDir ? `${e.name}/` : e.name,
        isDir ? vscode.CompletionItemKind.Folder : vscode.CompletionItemKind.File,
      );
      item.range = range;
      item.insertText = isDir && source === 'images' && b === 'path' ? e.name : isDir ? `${e.name}/` : e.name;
      item.sortText = `${isDir ? 0 : 1}${e.name}`;
      if (isDir) {
        const images = countImages(path.join(folder, e.name));
        if (images) item.detail = `${images} image${images === 1 ? '' : 's'}`;
        // Going into a folder asks for its entries at once.
        if (!(source === 'images' && b === 'path'))
          item.command = { title: '', command: 'editor.action.triggerSuggest' };
      }
      items.push(item);
    }
    return items;
  }
}

/** Image files directly in `dir`, counted up to 1000 (a hint, not a scan of a big tree). */
function countImages(dir: string): number {
  try {
    const names = fs.readdirSync(dir).slice(0, 1000);
    return names.filter((n) => IMAGE_EXTENSIONS.includes(path.extname(n).toLowerCase())).length;
  } catch {
    return 0;
  }
}
