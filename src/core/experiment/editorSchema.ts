// The schema VS Code's own JSON support gets for `.gan.json` files: every property, description,
// default and allowed value of the engine's schema, for completion and hovers, and nothing it would
// check. The engine checks the file itself as the user types, and its errors are exactly what Train
// refuses, with its own messages and quick fixes; a second checker would repeat each problem, as a
// warning and in other words (one voice in the editor). Pure; the build writes it to dist/.

type Schema = Record<string, unknown>;

/** Keywords that only check a value: dropped, so the JSON support has nothing to report. */
const CHECKS_ONLY = new Set([
  'type',
  'required',
  'additionalProperties',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'uniqueItems',
  'multipleOf',
  'enum',
  'const',
  'oneOf',
  'discriminator',
]);

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

const mapValues = (v: unknown, f: (s: unknown) => unknown): unknown =>
  isSchema(v) ? Object.fromEntries(Object.entries(v).map(([k, s]) => [k, f(s)])) : v;

export function editorSchema(schema: Schema): Schema {
  return convert(schema) as Schema;
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!isSchema(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (CHECKS_ONLY.has(key)) continue;
    // Under these keys are names, each with a schema, not keywords.
    out[key] = key === 'properties' || key === 'definitions' ? mapValues(value, convert) : convert(value);
  }
  // Allowed values stay offered as completions.
  const allowed = Array.isArray(node.enum) ? node.enum : node.const !== undefined ? [node.const] : undefined;
  if (allowed) out.examples = allowed;
  else if (node.type === 'boolean') out.examples = [true, false];
  // A completed key gets an empty object or list to fill in, as the type would have given it.
  if (node.default === undefined && (node.type === 'object' || node.type === 'array'))
    out.defaultSnippets = [{ body: node.type === 'object' ? {} : [] }];
  if (Array.isArray(node.oneOf)) Object.assign(out, alternatives(node, node.oneOf.filter(isSchema)));
  return out;
}

/**
 * One of several schemas. With a discriminating property (a layer's `type`, the data's `source`)
 * each alternative applies under an `if` on that property's value, which the JSON support tests
 * without reporting (and offers, with the alternative's description, as a completion). Without
 * one, any alternative: after `convert` they all accept everything, so none is reported.
 */
function alternatives(node: Schema, options: Schema[]): Schema {
  const by = isSchema(node.discriminator) ? node.discriminator.propertyName : undefined;
  if (typeof by !== 'string') return { anyOf: options.map(convert) };
  const valueOf = (o: Schema) =>
    isSchema(o.properties) && isSchema(o.properties[by]) ? o.properties[by].const : undefined;
  return {
    allOf: options
      .filter((o) => valueOf(o) !== undefined)
      .map((o) => ({
        if: { properties: { [by]: { const: valueOf(o), description: o.description } }, required: [by] },
        then: convert(o),
      })),
  };
}
