// Reads a run folder back, tolerating a last line cut short by a crash. Runs in Node.
import * as fs from 'fs';
import * as path from 'path';
import {
  INTERVENTIONS_FILE,
  type Intervention,
  type MetricsRecord,
  type PointsPreview,
  type RunSummary,
  type SampleRecord,
} from './runRecords';

export interface RunRecord {
  dir: string;
  experiment?: Record<string, unknown>;
  metrics: MetricsRecord[];
  samples: SampleRecord[];
  summary?: RunSummary;
  /** interventions.jsonl: what was done to the live run, in order. */
  interventions: Intervention[];
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Parses metrics.jsonl, skipping any line that is not whole JSON (a write cut by a crash). */
export function parseMetricsLines(text: string): MetricsRecord[] {
  const out: MetricsRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as MetricsRecord);
    } catch {
      /* a partial last line */
    }
  }
  return out;
}

/** The run's summary.json, or undefined while there is none (or it cannot be read). */
export function readSummary(dir: string): RunSummary | undefined {
  return readJson<RunSummary>(path.join(dir, 'summary.json'));
}

export function readRun(dir: string): RunRecord {
  const metricsFile = path.join(dir, 'metrics.jsonl');
  const metrics = fs.existsSync(metricsFile) ? parseMetricsLines(fs.readFileSync(metricsFile, 'utf8')) : [];
  const samplesDir = path.join(dir, 'samples');
  const samples: SampleRecord[] = [];
  if (fs.existsSync(samplesDir)) {
    for (const f of fs
      .readdirSync(samplesDir)
      .filter((n) => /^step-\d+\.png$/.test(n))
      .sort()) {
      const step = Number(f.slice(5, -4));
      const points = readJson<PointsPreview>(path.join(samplesDir, f.replace(/\.png$/, '.json')));
      samples.push({ step, image: `samples/${f}`, kind: points ? 'points' : 'images', points });
    }
  }
  return {
    dir,
    experiment: readJson(path.join(dir, 'experiment.json')),
    metrics,
    samples,
    summary: readSummary(dir),
    interventions: readInterventions(dir),
  };
}

/** The run's interventions; a line cut short by a crash (or not one) is left out. */
export function readInterventions(dir: string): Intervention[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, INTERVENTIONS_FILE), 'utf8');
  } catch {
    return [];
  }
  const out: Intervention[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const i = JSON.parse(line) as Intervention;
      if (typeof i?.step === 'number' && typeof i.action === 'string') out.push(i);
    } catch {
      /* a partial last line */
    }
  }
  return out;
}

/** The newest run folder under `.gan-runs/<name>/`, by its time-sortable id. */
export function latestRunDir(runsDir: string): string | undefined {
  if (!fs.existsSync(runsDir)) return undefined;
  const ids = fs
    .readdirSync(runsDir)
    .filter((n) => fs.existsSync(path.join(runsDir, n, 'experiment.json')))
    .sort();
  return ids.length ? path.join(runsDir, ids[ids.length - 1]) : undefined;
}
