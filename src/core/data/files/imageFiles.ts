// Finds the image files of a folder: PNG, JPEG, WebP and SVG, optionally in subfolders and by a
// file-name glob. Sorted, so the sample order (and so a run) repeats. Runs in Node.
import * as fs from 'fs';
import * as path from 'path';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.svg'];

/** A file-name glob (`*` any run of characters, `?` one) as a regular expression. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

export interface ImageListOptions {
  recursive: boolean;
  pattern?: string;
  /** Stop after this many (the editor only needs to know there is one). */
  limit?: number;
}

/** Image files under `dir`, as paths relative to it with '/' separators, sorted. */
export function listImageFiles(dir: string, options: ImageListOptions): string[] {
  const match = options.pattern ? globToRegExp(options.pattern) : undefined;
  const out: string[] = [];
  const limit = options.limit ?? Infinity;
  const walk = (rel: string) => {
    const entries = fs
      .readdirSync(path.join(dir, rel), { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= limit) return;
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (options.recursive && !e.name.startsWith('.')) walk(relPath);
      } else if (IMAGE_EXTENSIONS.includes(path.extname(e.name).toLowerCase()) && (!match || match.test(e.name))) {
        out.push(relPath);
      }
    }
  };
  walk('');
  return out;
}
