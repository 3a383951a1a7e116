// Maps JSON paths to text ranges and offsets to line/column in a `.gan.json` source. Pure.
import { findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';
import { formatJsonPath, type Diagnostic, type JsonPath, type TextPosition } from './diagnostic';

/** Where a path's value sits in the text; `keyOffset` is set when it is a property's value. */
export interface NodeRange {
  offset: number;
  length: number;
  keyOffset?: number;
  keyLength?: number;
}

export class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly root: JsonNode | undefined,
  ) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) this.lineStarts.push(i + 1);
      else if (ch === 13 && text.charCodeAt(i + 1) !== 10) this.lineStarts.push(i + 1);
    }
  }

  positionAt(offset: number): TextPosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.lineStarts[lo] + 1 };
  }

  /** The value node at `path`, or undefined when the path does not exist in the text. */
  node(path: JsonPath): JsonNode | undefined {
    return this.root ? findNodeAtLocation(this.root, path) : undefined;
  }

  /**
   * The range of the value at `path`; when the path is missing, the range of its nearest existing
   * ancestor's key (or the ancestor itself), so every diagnostic still lands somewhere visible.
   */
  rangeOf(path: JsonPath): NodeRange {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (!node) continue;
      const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      if (n < path.length) {
        // A missing child: point at the parent's key (short and visible) rather than the whole block.
        if (key) return { offset: key.offset, length: key.length };
        return { offset: node.offset, length: Math.min(1, node.length) };
      }
      return { offset: node.offset, length: node.length, keyOffset: key?.offset, keyLength: key?.length };
    }
    return { offset: 0, length: Math.min(1, this.text.length) };
  }

  /** The range of a property's key, e.g. to flag an unknown key. */
  keyRangeOf(path: JsonPath): NodeRange {
    const r = this.rangeOf(path);
    return r.keyOffset !== undefined ? { offset: r.keyOffset, length: r.keyLength ?? 0 } : r;
  }

  diagnostic(
    severity: Diagnostic['severity'],
    code: string,
    message: string,
    path: JsonPath,
    range: { offset: number; length: number } = this.rangeOf(path),
  ): Diagnostic {
    // Parsers report an error at the end of the file one character past it: keep ranges inside.
    const offset = Math.max(0, Math.min(range.offset, this.text.length));
    const length = Math.max(0, Math.min(range.length, this.text.length - offset));
    return {
      severity,
      code,
      message,
      path,
      jsonPath: formatJsonPath(path),
      offset,
      length,
      start: this.positionAt(offset),
      end: this.positionAt(offset + length),
    };
  }
}
