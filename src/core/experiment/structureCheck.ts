// Checks of a `.gan.json` text's structure that JSON parsers pass over: nesting too deep to parse
// safely, and a key written twice in one object (a parser silently keeps the last). Pure.
import { findNodeAtLocation, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Diagnostic, JsonPath } from './diagnostic';
import type { SourceText } from './sourceText';

/** Deeper than any experiment needs (layers inside networks inside the file: about 5), far below
 * where a recursive parser runs out of stack. */
export const MAX_NESTING = 64;

/**
 * The offset of the first `{` or `[` that opens level MAX_NESTING + 1, or undefined. One linear
 * pass that skips strings and comments, so it never recurses and never throws.
 */
export function tooDeepAt(text: string, max = MAX_NESTING): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return undefined;
}

/** A diagnostic for every key written again in the same object, at the repeated key. */
export function duplicateKeys(root: JsonNode, source: SourceText): Diagnostic[] {
  const out: Diagnostic[] = [];
  // An explicit stack: the nesting is bounded by tooDeepAt already, but a walk need not recurse.
  const stack: Array<{ node: JsonNode; path: JsonPath }> = [{ node: root, path: [] }];
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (node.type === 'object') {
      const seen = new Map<string, JsonNode>();
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        const first = seen.get(key);
        if (first) {
          const line = source.positionAt(first.offset).line;
          out.push(
            source.diagnostic(
              'error',
              'duplicate-key',
              `"${key}" is written twice in this object (first on line ${line}); keep one of them, since only the last would count.`,
              [...path, key],
              { offset: keyNode.offset, length: keyNode.length },
            ),
          );
        } else {
          seen.set(key, keyNode);
        }
        if (valueNode) stack.push({ node: valueNode, path: [...path, key] });
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => stack.push({ node: child, path: [...path, i] }));
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** jsonc-parser's tree of `text` as every reader of `.gan.json` parses it, or undefined when the
 * text nests too deep to parse without running out of stack. */
export function parseTreeSafely(text: string, errors: ParseError[] = []): JsonNode | undefined {
  if (tooDeepAt(text) !== undefined) return undefined;
  return parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
}

/** The `data.source` of an experiment text, whatever else is wrong with it. */
export function dataSourceIn(text: string): unknown {
  const root = parseTreeSafely(text);
  return root ? findNodeAtLocation(root, ['data', 'source'])?.value : undefined;
}

/** The top-level `"name"` of an experiment text, whatever else is wrong with it. */
export function experimentNameIn(text: string): unknown {
  const root = parseTreeSafely(text);
  return root ? findNodeAtLocation(root, ['name'])?.value : undefined;
}
