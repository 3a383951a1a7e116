// A finished run's metrics kept beside metrics.jsonl as columns of 8-byte numbers, so a window that
// opens the run (a dashboard, Compare of several long runs) copies bytes instead of parsing JSON
// lines: 100,000 steps in a few milliseconds instead of about 85. metrics.jsonl stays the record;
// the columns are valid only for the exact file they were made from (its inode, size and time) and
// are otherwise ignored, so a resumed, cut or hand-edited run falls back to its lines. Runs in Node.
import * as fs from 'fs';
import * as path from 'path';
import { METRICS_FIELDS, toColumns, type MetricsColumns } from './metricsColumns';
import { parseMetricsLines } from './readRun';

export const METRICS_COLUMNS_FILE = 'metrics.columns';
const MAGIC = 'GSMC';
const VERSION = 1;

/** The metrics file the columns were made from, as `fs.Stats` tells it apart. */
interface SourceKey {
  ino: number;
  size: number;
  mtimeMs: number;
}

interface Header {
  version: number;
  source: SourceKey;
  count: number;
  fields: string[];
}

// Whole milliseconds: a time set back by a copy or a restore keeps no more (the size and inode
// tell an appended or replaced file apart within one).
const keyOf = (s: fs.Stats): SourceKey => ({ ino: s.ino, size: s.size, mtimeMs: Math.floor(s.mtimeMs) });
const sameKey = (a: SourceKey, b: SourceKey) => a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

/**
 * Writes the columns of the run's metrics.jsonl as it is now (after its last flush), replacing
 * any older ones in one rename. Nothing is written for a file that ends in a partial line.
 */
export function writeMetricsColumns(runDir: string): void {
  const source = path.join(runDir, 'metrics.jsonl');
  const stat = fs.statSync(source);
  const text = fs.readFileSync(source, 'utf8');
  if (text.length && !text.endsWith('\n')) return;
  const columns = toColumns(parseMetricsLines(text));
  const header: Header = {
    version: VERSION,
    source: keyOf(stat),
    count: columns.step.length,
    fields: [...METRICS_FIELDS],
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  // The numbers start on an 8-byte boundary after the magic, the header's length and the header.
  const start = Math.ceil((8 + json.length) / 8) * 8;
  const out = Buffer.alloc(start + METRICS_FIELDS.length * header.count * 8);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  METRICS_FIELDS.forEach((f, k) => {
    const bytes = Buffer.from(columns[f].buffer, columns[f].byteOffset, columns[f].byteLength);
    bytes.copy(out, start + k * header.count * 8);
  });
  const tmp = path.join(runDir, `${METRICS_COLUMNS_FILE}.tmp`);
  fs.writeFileSync(tmp, out);
  fs.renameSync(tmp, path.join(runDir, METRICS_COLUMNS_FILE));
}

/**
 * The columns of `metricsFile`, when columns made from exactly this file exist
 * (`stat` is the file's, taken by the caller); undefined otherwise, and the caller reads the lines.
 */
export function readMetricsColumns(metricsFile: string, stat: fs.Stats): MetricsColumns | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(path.join(path.dirname(metricsFile), METRICS_COLUMNS_FILE));
  } catch {
    return undefined;
  }
  try {
    if (data.toString('latin1', 0, 4) !== MAGIC) return undefined;
    const length = data.readUInt32LE(4);
    const header = JSON.parse(data.toString('utf8', 8, 8 + length)) as Header;
    if (header.version !== VERSION || !sameKey(header.source, keyOf(stat))) return undefined;
    if (header.fields.join() !== METRICS_FIELDS.join()) return undefined;
    const start = Math.ceil((8 + length) / 8) * 8;
    const n = header.count;
    if (data.length !== start + METRICS_FIELDS.length * n * 8) return undefined;
    const columns = {} as MetricsColumns;
    METRICS_FIELDS.forEach((f, k) => {
      // Copied out: the file's buffer need not be aligned for a Float64Array view.
      const col = new Float64Array(n);
      data.copy(Buffer.from(col.buffer), 0, start + k * n * 8, start + (k + 1) * n * 8);
      columns[f] = col;
    });
    return columns;
  } catch {
    return undefined; // unreadable columns: the lines are the record
  }
}
