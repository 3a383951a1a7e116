// Samples of a CSV table: parsed once as a stream (csv-parse) into the cache as float32, its
// range measured on the way when none is declared. Runs in the trainer process.
import * as fs from 'fs';
import { parse } from 'csv-parse';
import type { CsvData } from '../../experiment/types';
import type { SampleCache } from '../sampleCache';
import { csvLayout, readCsvStart } from './csvFormat';
import { DataFileError, type SampleSource } from './sampleSource';

/** Rows counted once, cheaply (lines), so the cache can be laid out before parsing. */
function countRows(file: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  let lines = 0;
  let last = 10;
  try {
    for (let got; (got = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
      for (let i = 0; i < got; i++) if (buf[i] === 10) lines++;
      last = buf[got - 1];
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines + (last === 10 ? 0 : 1);
}

export function openCsvSource(spec: CsvData, file: string): SampleSource {
  let columns: number[];
  let rows: number;
  try {
    columns = csvLayout(spec, readCsvStart(file, spec.delimiter)).columns;
    rows = countRows(file) - (spec.header ? 1 : 0);
  } catch (err) {
    throw new DataFileError(file, (err as Error).message);
  }
  const s = fs.statSync(file);
  return {
    count: rows,
    sampleShape: [columns.length],
    sampleSize: columns.length,
    storage: 'float32',
    range: spec.range,
    describe: (i) => `${file} (row ${i + (spec.header ? 2 : 1)})`,
    cacheKey: {
      source: 'csv',
      file,
      size: s.size,
      mtime: s.mtimeMs,
      header: spec.header,
      columns: spec.columns,
      delimiter: spec.delimiter,
    },
    fill(cache: SampleCache) {
      const lo = new Array<number>(columns.length).fill(Infinity);
      const hi = new Array<number>(columns.length).fill(-Infinity);
      let written = 0;
      return new Promise((resolve, reject) => {
        const parser = fs.createReadStream(file).pipe(
          parse({
            delimiter: spec.delimiter,
            from_line: spec.header ? 2 : 1,
            skip_empty_lines: true,
            trim: true,
            relax_column_count: true,
          }),
        );
        let row = spec.header ? 1 : 0;
        const v = new Float32Array(columns.length);
        parser.on('data', (record: string[]) => {
          row++;
          if (written >= rows) return;
          for (let k = 0; k < columns.length; k++) {
            const text = record[columns[k]];
            const x = Number(text);
            if (text === undefined || text === '' || !Number.isFinite(x)) {
              parser.destroy(
                new DataFileError(file, `row ${row}, column ${columns[k]} holds "${text ?? ''}", not a number`),
              );
              return;
            }
            v[k] = x;
            if (x < lo[k]) lo[k] = x;
            if (x > hi[k]) hi[k] = x;
          }
          cache.write(written++, v);
        });
        parser.on('error', (err) => reject(err instanceof DataFileError ? err : new DataFileError(file, err.message)));
        // Each column by its own range: a table's columns are measured in their own units.
        parser.on('end', () => resolve({ count: written, range: lo.map((l, k) => [l, hi[k]] as [number, number]) }));
      });
    },
    close: () => undefined,
  };
}
