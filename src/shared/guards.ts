// Small runtime checks for values that cross a process or webview boundary. Pure.

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isNumberOrNull = (v: unknown): boolean => v === null || typeof v === 'number';
export const isStep = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
