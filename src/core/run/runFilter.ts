// The runs view's filter: words that a run's name, label, status or backend must contain, and
// comparisons on its parameters and final metrics (`loss == lsgan`, `modesCovered >= 8`,
// `learningRate < 0.001`), joined by commas or `and`. Pure.

/** What a filter can see of one run. */
export interface RunFacts {
  /** Text a word may match: the run's id, label, experiment name, status, backend. */
  words: string[];
  /** Flat parameters of the recorded experiment (see flattenParameters). */
  parameters: Map<string, unknown>;
  /** Final metrics and run facts by name: modesCovered, mmd, dLoss, steps, status, backend... */
  values: Record<string, unknown>;
}

type Op = '==' | '!=' | '>=' | '<=' | '>' | '<';
interface Comparison {
  key: string;
  op: Op;
  value: string | number;
}
type Clause = { kind: 'word'; word: string } | ({ kind: 'compare' } & Comparison);

export type RunFilter =
  { ok: true; text: string; matches: (run: RunFacts) => boolean } | { ok: false; message: string };

const COMPARISON = /^([A-Za-z_][\w.[\]]*)\s*(==|!=|>=|<=|=|>|<)\s*([^<>=!\s].*)$/;

function parseClause(raw: string): Clause | string {
  const text = raw.trim();
  const m = COMPARISON.exec(text);
  if (!m) {
    if (/[<>=!]/.test(text)) return `"${text}" is neither a word nor a comparison like "loss == lsgan"`;
    return { kind: 'word', word: text.toLowerCase() };
  }
  const rawValue = m[3].trim().replace(/^["']|["']$/g, '');
  const value = rawValue !== '' && Number.isFinite(Number(rawValue)) ? Number(rawValue) : rawValue;
  const op = (m[2] === '=' ? '==' : m[2]) as Op;
  if (typeof value === 'string' && op !== '==' && op !== '!=')
    return `"${text}": ${op} needs a number (text compares only with == or !=)`;
  return { kind: 'compare', key: m[1], op, value };
}

/** Every value of `run` that `key` names: the exact parameter or fact, else every parameter
 * whose path ends in it (`learningRate` is both optimisers' learning rates). */
function valuesOf(run: RunFacts, key: string): unknown[] {
  if (key in run.values) return [run.values[key]];
  if (run.parameters.has(key)) return [run.parameters.get(key)];
  const out: unknown[] = [];
  for (const [path, v] of run.parameters) if (path.endsWith(`.${key}`)) out.push(v);
  return out;
}

function compare(actual: unknown, op: Op, wanted: string | number): boolean {
  if (typeof wanted === 'number') {
    const a = typeof actual === 'number' ? actual : typeof actual === 'string' ? Number(actual) : NaN;
    if (Number.isNaN(a)) return op === '!=';
    switch (op) {
      case '==':
        return a === wanted;
      case '!=':
        return a !== wanted;
      case '>=':
        return a >= wanted;
      case '<=':
        return a <= wanted;
      case '>':
        return a > wanted;
      case '<':
        return a < wanted;
    }
  }
  const text = typeof actual === 'string' ? actual : JSON.stringify(actual);
  return op === '==' ? text === wanted : text !== wanted;
}

/** Parses the filter; an empty one matches every run. */
export function parseRunFilter(text: string): RunFilter {
  const parts = text
    .split(/,|&&|\band\b/)
    .map((p) => p.trim())
    .filter(Boolean);
  const clauses: Clause[] = [];
  for (const part of parts) {
    const clause = parseClause(part);
    if (typeof clause === 'string') return { ok: false, message: clause };
    clauses.push(clause);
  }
  return {
    ok: true,
    text: text.trim(),
    matches: (run) =>
      clauses.every((c) =>
        c.kind === 'word'
          ? run.words.some((w) => w.toLowerCase().includes(c.word))
          : valuesOf(run, c.key).some((v) => compare(v, c.op, c.value)),
      ),
  };
}
