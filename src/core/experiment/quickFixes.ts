// Text edits that fix the common mistakes the validator reports. Pure: the editor turns them into
// code actions, tests apply them to text.
import { findNodeAtLocation, getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import { parseTreeSafely } from './structureCheck';
import type { Diagnostic } from './diagnostic';
import { closest } from './schemaCheck';
import { findShapeCause } from './shapeCause';
import { applyDefaults, schemaAt } from './schema';
import type { Experiment } from './types';
import { validateExperimentText } from './validateExperiment';

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  isPreferred?: boolean;
  diagnosticCode: string;
}

/** Applies non-overlapping edits to `text`, last first so earlier offsets stay valid. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.offset - a.offset)
    .reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length), text);
}

/** Indentation of the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Removes a property (key, value and one neighbouring comma) from its object. */
function removeProperty(text: string, prop: JsonNode): TextEdit {
  let start = prop.offset;
  let end = prop.offset + prop.length;
  const after = /^\s*,/.exec(text.slice(end));
  if (after) end += after[0].length;
  else {
    const before = /,\s*$/.exec(text.slice(0, start));
    if (before) start -= before[0].length;
  }
  return { offset: start, length: end - start, newText: '' };
}

/** Inserts `item` (JSON text) into an array before index `index` (or at the end). */
function insertIntoArray(text: string, array: JsonNode, index: number, item: string): TextEdit {
  const items = array.children ?? [];
  if (index < items.length) {
    const at = items[index];
    const sameLine = !text.slice(array.offset, at.offset).includes('\n');
    return { offset: at.offset, length: 0, newText: `${item},${sameLine ? ' ' : '\n' + indentAt(text, at.offset)}` };
  }
  const last = items[items.length - 1];
  if (!last) return { offset: array.offset + 1, length: 0, newText: ` ${item} ` };
  const sameLine = !text.slice(array.offset, last.offset).includes('\n');
  const end = last.offset + last.length;
  return { offset: end, length: 0, newText: `,${sameLine ? ' ' : '\n' + indentAt(text, last.offset)}${item}` };
}

/**
 * `value` as JSON in the file's own style: a list of numbers spaced ("[7, 7, 64]") as the file's
 * lists are (spaced where it has none), objects on one line.
 */
export function inFileStyle(text: string, value: unknown): string {
  if (!Array.isArray(value)) return JSON.stringify(value);
  const lists = text.match(/\[[^[\]{}\n]*,[^[\]{}\n]*\]/g) ?? [];
  const tight = lists.filter((l) => !/,\s/.test(l)).length;
  const sep = tight > lists.length - tight ? ',' : ', ';
  return `[${value.map((v) => inFileStyle(text, v)).join(sep)}]`;
}

/** Adds `"key": value` to an object, after its last property (on the same line, as layers are written). */
function insertProperty(text: string, object: JsonNode, key: string, value: unknown): TextEdit | undefined {
  const last = object.children?.[object.children.length - 1];
  if (!last)
    return { offset: object.offset + 1, length: 0, newText: ` ${JSON.stringify(key)}: ${inFileStyle(text, value)} ` };
  return {
    offset: last.offset + last.length,
    length: 0,
    newText: `, ${JSON.stringify(key)}: ${inFileStyle(text, value)}`,
  };
}

/** The fixes for one diagnostic of `text` (none when there is no sure fix). */
export function quickFixesFor(text: string, d: Diagnostic): QuickFix[] {
  const root = parseTreeSafely(text);
  if (!root) return [];
  const node = (p: Array<string | number>) => findNodeAtLocation(root, p);
  const fixes: QuickFix[] = [];
  const fix = (title: string, edits: Array<TextEdit | undefined>, isPreferred = false) => {
    const ok = edits.filter((e): e is TextEdit => !!e);
    if (ok.length) fixes.push({ title, edits: ok, isPreferred, diagnosticCode: d.code });
  };
  const value: unknown = getNodeValue(root);
  // Values written in the file's style.
  const replaceValue = (n: JsonNode, v: unknown): TextEdit => ({
    offset: n.offset,
    length: n.length,
    newText: inFileStyle(text, v),
  });

  switch (d.code) {
    case 'unknown-key': {
      const key = String(d.path[d.path.length - 1]);
      const parent = schemaAt(value, d.path.slice(0, -1));
      const guess = closest(key, Object.keys(parent?.properties ?? {}));
      const keyNode = node(d.path)?.parent?.children?.[0];
      if (guess && keyNode)
        fix(
          `Rename "${key}" to "${guess}"`,
          [{ offset: keyNode.offset, length: keyNode.length, newText: JSON.stringify(guess) }],
          true,
        );
      const prop = node(d.path)?.parent;
      if (prop) fix(`Remove "${key}"`, [removeProperty(text, prop)]);
      break;
    }
    case 'bad-enum': {
      const n = node(d.path);
      const allowed =
        (schemaAt(value, d.path)?.enum as string[] | undefined) ??
        (schemaAt(value, d.path.slice(0, -1))?.oneOf ?? [])
          .map((b) => b.properties?.[String(d.path[d.path.length - 1])]?.const as string)
          .filter(Boolean);
      const guess = n && typeof n.value === 'string' ? closest(n.value, allowed) : undefined;
      if (n && guess) fix(`Change to "${guess}"`, [replaceValue(n, guess)], true);
      break;
    }
    case 'generator-output': {
      const r = validateExperimentText(text);
      const exp = value as Experiment;
      const want = r.shapes?.dataShape;
      if (!r.shapes || !want) break;
      // Said at one layer's stride, padding or size: the change that gives the data's shape.
      // (Searched only for a problem said at such a setting: the search re-infers the network.)
      const atSetting = ['strides', 'padding', 'size'].includes(String(d.path.at(-1)));
      const full = applyDefaults(value) as Experiment; // the layers as the shapes saw them
      const cause = atSetting ? findShapeCause(full.generator.layers, [full.latent.dim], want) : undefined;
      const at = cause && node(['generator', 'layers', cause.index, cause.field]);
      if (cause && d.path.at(-1) === cause.field) {
        const where = node(['generator', 'layers', cause.index]);
        const edit = at
          ? replaceValue(at, cause.value)
          : where && insertProperty(text, where, cause.field, cause.value);
        fix(`Set ${cause.field} to ${inFileStyle(text, cause.value)}`, [edit], true);
        break;
      }
      const layers = node(['generator', 'layers']);
      const lastIndex = (layers?.children?.length ?? 1) - 1;
      const last = exp.generator.layers[lastIndex];
      const got = r.shapes.generator.outputShape ?? [];
      const count = (s: number[]) => s.reduce((a, b) => a * b, 1);
      if (last?.type === 'dense' && want.length === 1) {
        fix(
          `Set the generator's last units to ${want[0]}`,
          [
            node(['generator', 'layers', lastIndex, 'units']) &&
              replaceValue(node(['generator', 'layers', lastIndex, 'units'])!, want[0]),
          ],
          true,
        );
      } else if (
        (last?.type === 'conv2d' || last?.type === 'conv2dTranspose') &&
        got.length === 3 &&
        want.length === 3 &&
        got[0] === want[0] &&
        got[1] === want[1]
      ) {
        fix(
          `Set the generator's last filters to ${want[2]}`,
          [
            node(['generator', 'layers', lastIndex, 'filters']) &&
              replaceValue(node(['generator', 'layers', lastIndex, 'filters'])!, want[2]),
          ],
          true,
        );
      }
      if (layers && count(got) === count(want)) {
        fix(
          `Add a reshape to [${want.join(', ')}] at the end of the generator`,
          [insertIntoArray(text, layers, lastIndex + 1, `{ "type": "reshape", "targetShape": [${want.join(', ')}] }`)],
          fixes.length === 0,
        );
      } else if (layers && last?.type === 'dense' && want.length > 1) {
        fix(
          `Set the last units to ${count(want)} and reshape to [${want.join(', ')}]`,
          [
            node(['generator', 'layers', lastIndex, 'units']) &&
              replaceValue(node(['generator', 'layers', lastIndex, 'units'])!, count(want)),
            insertIntoArray(text, layers, lastIndex + 1, `{ "type": "reshape", "targetShape": [${want.join(', ')}] }`),
          ],
          true,
        );
      }
      break;
    }
    case 'discriminator-output': {
      const n = node(d.path);
      if (n && d.path[d.path.length - 1] === 'units')
        fix("Set the discriminator's last units to 1", [replaceValue(n, 1)], true);
      const layers = node(['discriminator', 'layers']);
      if (layers && d.path[d.path.length - 1] !== 'units') {
        fix(
          'End the discriminator with flatten and dense(1)',
          [
            insertIntoArray(
              text,
              layers,
              layers.children?.length ?? 0,
              '{ "type": "flatten" }, { "type": "dense", "units": 1 }',
            ),
          ],
          true,
        );
      }
      break;
    }
    case 'squashed-logit': {
      const layerPath = d.path.slice(0, 3);
      const layer = node(layerPath);
      const isActivationLayer = (layer && findNodeAtLocation(layer, ['type'])?.value) === 'activation';
      if (isActivationLayer && layer) {
        const layers = layer.parent!;
        const items = layers.children!;
        const i = items.indexOf(layer);
        const start = i > 0 ? items[i - 1].offset + items[i - 1].length : layer.offset;
        const end = i > 0 ? layer.offset + layer.length : (items[i + 1]?.offset ?? layer.offset + layer.length);
        fix(
          'Remove the activation layer (the loss works on logits)',
          [{ offset: start, length: end - start, newText: '' }],
          true,
        );
      } else {
        const prop = node(d.path)?.parent;
        if (prop) fix('Remove the activation (the loss works on logits)', [removeProperty(text, prop)], true);
      }
      break;
    }
    case 'dense-needs-flat': {
      const index = d.path[2] as number;
      const layers = node(d.path.slice(0, 2));
      if (layers)
        fix(
          'Insert a flatten before this layer',
          [insertIntoArray(text, layers, index, '{ "type": "flatten" }')],
          true,
        );
      break;
    }
    case 'batch-pack': {
      const n = node(['training', 'batchSize']);
      const m = /use (\d+)/.exec(d.message);
      if (n && m) fix(`Set batchSize to ${m[1]}`, [replaceValue(n, Number(m[1]))], true);
      break;
    }
    case 'reshape-count': {
      const m = /whose product is (\d+)/.exec(d.message);
      const n = node(d.path);
      const current = n?.children?.map((c) => c.value as number);
      if (n && m && current && current.length > 1) {
        const total = Number(m[1]);
        const head = current.slice(0, -1).reduce((a, b) => a * b, 1);
        if (total % head === 0)
          fix(
            `Set targetShape to [${[...current.slice(0, -1), total / head].join(', ')}]`,
            [replaceValue(n, [...current.slice(0, -1), total / head])],
            true,
          );
      }
      break;
    }
  }
  return fixes;
}
