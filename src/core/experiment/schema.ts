// The one JSON Schema of the `.gan.json` format, and helpers that read it. Pure.
import schemaJson from './gan-experiment.schema.json';

export type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  discriminator?: { propertyName: string };
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  [key: string]: unknown;
};

export const experimentSchema = schemaJson as unknown as JsonSchema;

/** Follows a local `#/definitions/x` reference. */
export function resolveRef(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/definitions/', '');
  return (experimentSchema.definitions as Record<string, JsonSchema>)[name];
}

/** For a discriminated `oneOf`, the branch whose tag matches the value's tag. */
export function pickBranch(schema: JsonSchema, value: unknown): JsonSchema | undefined {
  if (!schema.oneOf || !schema.discriminator) return undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const tag = (value as Record<string, unknown>)[schema.discriminator.propertyName];
  return schema.oneOf.find((b) => b.properties?.[schema.discriminator!.propertyName]?.const === tag);
}

/** The schema that describes the value at `path` in `root`, or undefined. */
export function schemaAt(root: unknown, path: Array<string | number>): JsonSchema | undefined {
  let schema: JsonSchema | undefined = experimentSchema;
  let value: unknown = root;
  for (const part of path) {
    if (!schema) return undefined;
    schema = resolveRef(schema);
    schema = pickBranch(schema, value) ?? schema;
    schema = typeof part === 'number' ? schema.items : schema.properties?.[part];
    value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[part] : undefined;
  }
  return schema ? (pickBranch(resolveRef(schema), value) ?? resolveRef(schema)) : undefined;
}

/**
 * Fills missing properties from the schema's defaults, recursively (the engine's and the editor's
 * one notion of "what this file means"). Returns a new value; the input is not changed.
 */
export function applyDefaults(value: unknown, schema: JsonSchema = experimentSchema): unknown {
  schema = resolveRef(schema);
  if (Array.isArray(value)) return schema.items ? value.map((v) => applyDefaults(v, schema.items!)) : value;
  if (typeof value !== 'object' || value === null) return value;
  const branch = pickBranch(schema, value) ?? schema;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, prop] of Object.entries(branch.properties ?? {})) {
    const sub = resolveRef(prop);
    if (out[key] === undefined && sub.default !== undefined) out[key] = structuredClone(sub.default);
    if (out[key] === undefined && sub.type === 'object' && sub.properties) out[key] = {};
    if (out[key] !== undefined) out[key] = applyDefaults(out[key], sub);
  }
  return out;
}
