// A problem found in a `.gan.json` file, located by JSON path and text range. Pure; runs anywhere.

export type JsonPath = Array<string | number>;

export interface TextPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units as editors count them. */
  column: number;
}

export interface Diagnostic {
  /** 'info': worth knowing, not wrong (a data path outside the workspace). */
  severity: 'error' | 'warning' | 'info';
  /** A sentence that says what is wrong and what to change. */
  message: string;
  /** Where in the JSON value, e.g. ['generator', 'layers', 2, 'units']. */
  path: JsonPath;
  /** The same path written as `$.generator.layers[2].units`. */
  jsonPath: string;
  /** Range of the offending text: UTF-16 offset and length. */
  offset: number;
  length: number;
  start: TextPosition;
  end: TextPosition;
  /** A stable id of the kind of problem, used by quick fixes. */
  code: string;
}

/** Writes a path as `$.a.b[2].c`; keys that are not identifiers are quoted. */
export function formatJsonPath(path: JsonPath): string {
  let out = '$';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** "file:line:col: error: message ($.path)" as compilers print it, so terminals link it. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.start.line}:${d.start.column}: ${d.severity}: ${d.message} (${d.jsonPath})`;
}
