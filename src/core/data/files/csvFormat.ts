// CSV tables of numbers: the header and the chosen columns, from the first rows. Runs in Node.
import * as fs from 'fs';
import type { CsvData } from '../../experiment/types';

export interface CsvLayout {
  /** Names from the header row, or "0", "1", ... without one. */
  names: string[];
  /** Indices of the columns used, in the order the experiment lists them. */
  columns: number[];
}

/** The first rows of a CSV file (up to `bytes`), whole rows only. */
export function readCsvStart(file: string, delimiter: string, bytes = 65536): string[][] {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const got = fs.readSync(fd, buf, 0, bytes, 0);
    let text = buf.toString('utf8', 0, got);
    if (got === bytes) text = text.slice(0, text.lastIndexOf('\n') + 1);
    // Required when a CSV is first read, so the editor does not load the parser to activate.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('csv-parse/sync') as typeof import('csv-parse/sync');
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Which columns `spec` uses, from the first rows.
 * @throws naming the column or row that is wrong (messages refer to `spec.columns` entries).
 */
export function csvLayout(spec: CsvData, rows: string[][]): CsvLayout {
  if (!rows.length || (spec.header && rows.length < 2)) throw new CsvProblem('path', 'it holds no rows of data');
  const width = rows[0].length;
  const names = spec.header ? rows[0] : Array.from({ length: width }, (_, i) => String(i));
  const columns = (spec.columns ?? names.map((_, i) => i)).map((c, i) => {
    if (typeof c === 'number') {
      if (c >= width)
        throw new CsvProblem(
          ['columns', i],
          `column ${c} does not exist: the file has ${width} columns (0 to ${width - 1})`,
        );
      return c;
    }
    if (!spec.header)
      throw new CsvProblem(
        ['columns', i],
        `columns are named only with a header row: use an index (0 to ${width - 1}) or set "header": true`,
      );
    const at = names.indexOf(c);
    if (at < 0)
      throw new CsvProblem(
        ['columns', i],
        `no column is named "${c}"; the header names ${names.map((n) => `"${n}"`).join(', ')}`,
      );
    return at;
  });
  const first = rows[spec.header ? 1 : 0];
  for (const c of columns) {
    if (!Number.isFinite(Number(first[c])) || first[c] === '') {
      throw new CsvProblem(
        spec.columns ? ['columns', columns.indexOf(c)] : 'path',
        `column ${spec.header ? `"${names[c]}"` : c} holds "${first[c] ?? ''}" in row ${spec.header ? 2 : 1}, not a number: choose numeric columns with "columns"`,
      );
    }
  }
  return { names, columns };
}

/** A problem with a CSV file, located at a field of the experiment's `data`. */
export class CsvProblem extends Error {
  constructor(
    readonly field: string | Array<string | number>,
    message: string,
  ) {
    super(message);
  }
}
