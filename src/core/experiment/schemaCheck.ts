// Checks a parsed `.gan.json` value against the schema and words each error as a fix. Pure.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic, JsonPath } from './diagnostic';
import { experimentSchema, schemaAt, type JsonSchema } from './schema';
import type { SourceText } from './sourceText';

// Compiled on first use: compiling takes tens of milliseconds, which the editor should not pay
// while it activates.
let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  // Required here, not imported: the editor loads Ajv when it first checks a file, not when it
  // activates.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  compiled ??= new Ajv({ allErrors: true, discriminator: true, strict: false }).compile(experimentSchema);
  return compiled;
}

/** Levenshtein distance, for "did you mean" suggestions on misspelt keys and values. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** The closest candidate within a small edit distance, if any. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

const toPath = (instancePath: string): JsonPath =>
  instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

const quoteList = (xs: unknown[]): string => xs.map((x) => JSON.stringify(x)).join(', ');

/** "an integer", "a number": a JSON Schema type name as a message says it. */
const typeWithArticle = (type: unknown): string => `${/^[aeiou]/.test(String(type)) ? 'an' : 'a'} ${type}`;

/** The schema an Ajv `schemaPath` ("#/definitions/layer/oneOf/3/...") points at. */
function schemaAtPointer(pointer: string): JsonSchema | undefined {
  let node: unknown = experimentSchema;
  for (const part of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    node =
      node && typeof node === 'object'
        ? (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
        : undefined;
  }
  return node as JsonSchema | undefined;
}

function valueAt(root: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    root,
  );
}

function fitsType(type: JsonSchema['type'], value: unknown): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    case undefined:
      return true;
    default:
      return typeof value === type;
  }
}

/**
 * A plain `oneOf` of alternatives by type (a number or a [height, width] pair) fails every branch
 * when its value is wrong, but only the branch of the value's own type says anything useful: a bad
 * pair should not also hear "must be an integer". Returns the schema paths whose errors to drop,
 * and words a value of none of the types once.
 */
function alternativesByType(errors: ErrorObject[], root: unknown, src: SourceText) {
  const silenced: string[] = [];
  const wrongType: Diagnostic[] = [];
  for (const e of errors.filter((x) => x.keyword === 'oneOf')) {
    const schema = schemaAtPointer(e.schemaPath.replace(/\/oneOf$/, '')); // the path names the keyword
    if (!schema?.oneOf || schema.discriminator) continue;
    const path = toPath(e.instancePath);
    const fitting = schema.oneOf.findIndex((branch) => fitsType(branch.type, valueAt(root, path)));
    schema.oneOf.forEach((_, i) => {
      if (i !== fitting) silenced.push(`${e.schemaPath}/${i}/`);
    });
    if (fitting < 0) {
      const types = schema.oneOf.map((b) => typeWithArticle(b.type)).join(' or ');
      wrongType.push(
        src.diagnostic(
          'error',
          'bad-type',
          `${whereOf(path)} must be ${types}.${describe(schemaAt(root, path))}`,
          path,
        ),
      );
    }
  }
  return { silenced, wrongType };
}

/** How a message names the value at `path`: its key, with any indexes after it ("kernelSize[1]"). */
function whereOf(path: JsonPath): string {
  let i = path.length;
  while (i > 0 && typeof path[i - 1] === 'number') i--;
  if (i === 0) return 'The experiment'; // the root is an object, so any other path has a key
  return `"${path[i - 1]}${path
    .slice(i)
    .map((k) => `[${k}]`)
    .join('')}"`;
}

/** The key an unknown key was most likely meant to be, among those its object may have. */
function guessOf(e: ErrorObject, root: unknown): string | undefined {
  const key = (e.params as { additionalProperty: string }).additionalProperty;
  return closest(key, Object.keys(schemaAt(root, toPath(e.instancePath))?.properties ?? {}));
}

/** Required keys that are missing because they were misspelt: `path|key` for each. */
function misspeltRequiredKeys(errors: ErrorObject[], root: unknown): Set<string> {
  const out = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const guess = guessOf(e, root);
    if (guess) out.add(`${e.instancePath}|${guess}`);
  }
  return out;
}

function wordError(e: ErrorObject, root: unknown, src: SourceText): Diagnostic | undefined {
  const path = toPath(e.instancePath);
  const where = whereOf(path);
  const schema = schemaAt(root, path);
  const range = schema?.description ? ` ${schema.description}` : '';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(schemaAt(root, path)?.properties ?? {});
      const guess = guessOf(e, root);
      const hint = guess ? `did you mean "${guess}"?` : `remove it, or use one of: ${known.join(', ')}.`;
      return src.diagnostic(
        'error',
        'unknown-key',
        `Unknown key "${key}": ${hint}`,
        [...path, key],
        src.keyRangeOf([...path, key]),
      );
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return src.diagnostic(
        'error',
        'missing-key',
        `${where} needs "${key}": add it.${describe(schemaAt(root, [...path, key]))}`,
        path,
        src.keyRangeOf(path),
      );
    }
    case 'discriminator': {
      const { tag, tagValue } = e.params as { tag: string; tagValue: unknown };
      const options = (schemaAt(root, path)?.oneOf ?? []).map((b) => b.properties?.[tag]?.const as string);
      if (tagValue === undefined) {
        return src.diagnostic(
          'error',
          'missing-key',
          `${where} needs "${tag}": one of ${quoteList(options)}.`,
          path,
          src.keyRangeOf(path),
        );
      }
      const guess = typeof tagValue === 'string' ? closest(tagValue, options) : undefined;
      return src.diagnostic(
        'error',
        'bad-enum',
        `${JSON.stringify(tagValue)} is not a known ${tag}: ${guess ? `did you mean "${guess}"? Known: ` : 'use one of '}${quoteList(options)}.`,
        [...path, tag],
      );
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const value = src.node(path)?.value;
      const guess = typeof value === 'string' ? closest(value, allowed.map(String)) : undefined;
      return src.diagnostic(
        'error',
        'bad-enum',
        `${JSON.stringify(value)} is not allowed for ${where}: ${guess ? `did you mean "${guess}"? Allowed: ` : 'use one of '}${quoteList(allowed)}.`,
        path,
      );
    }
    case 'const':
      return src.diagnostic(
        'error',
        'bad-enum',
        `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}.`,
        path,
      );
    case 'type':
      return src.diagnostic(
        'error',
        'bad-type',
        `${where} must be ${typeWithArticle((e.params as { type: string }).type)}.${range}`,
        path,
      );
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'uniqueItems':
    case 'pattern':
      return src.diagnostic('error', 'out-of-range', `${where} ${e.message}.${range}`, path);
    case 'oneOf':
    case 'if':
    case 'anyOf':
      return undefined; // the branch's own errors say more
    default:
      return src.diagnostic('error', 'schema', `${where} ${e.message ?? 'is not valid'}.${range}`, path);
  }
}

function describe(schema: { description?: string } | undefined): string {
  return schema?.description ? ` ${schema.description}` : '';
}

/** Every schema error of `value`, each at its place in the text. */
export function checkSchema(value: unknown, src: SourceText): Diagnostic[] {
  const validate = validator();
  if (validate(value)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const errors = validate.errors ?? [];
  // A bad tag is reported once, by its discriminator (the tag's own enum lists the same names).
  const tagged = new Set(
    errors
      .filter((e) => e.keyword === 'discriminator')
      .map((e) => `${e.instancePath}/${(e.params as { tag: string }).tag}`),
  );
  const { silenced, wrongType } = alternativesByType(errors, value, src);
  out.push(...wrongType);
  const misspelt = misspeltRequiredKeys(errors, value);
  for (const e of errors) {
    if (e.keyword === 'enum' && tagged.has(e.instancePath)) continue;
    // A required key written wrong is one problem, the misspelling ("did you mean"), not two.
    if (
      e.keyword === 'required' &&
      misspelt.has(`${e.instancePath}|${(e.params as { missingProperty: string }).missingProperty}`)
    )
      continue;
    if (silenced.some((p) => e.schemaPath.startsWith(p))) continue;
    const d = wordError(e, value, src);
    if (!d) continue;
    const key = `${d.jsonPath}|${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
