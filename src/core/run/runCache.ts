// What the editor knows of run folders, read once and then only what changed: the metrics file's
// new lines, new sample files, a summary after it was rewritten. Owners call `invalidate` when a
// file watcher says a folder changed. Runs in Node; no TensorFlow.js, no VS Code API.
import * as fs from 'fs';
import * as path from 'path';
import { fromColumns, toColumns, type MetricsColumns } from './metricsColumns';
import { readMetricsColumns } from './metricsColumnsFile';
import { latestRunDir, readSummary, type RunRecord, readInterventions } from './readRun';
import type { MetricsRecord, PointsPreview, RunSummary, SampleRecord } from './runRecords';

/** Reads an append-only JSON-lines file incrementally: each call reads only the bytes added since. */
export class MetricsTail {
  private offset = 0;
  /** The file read so far: a resumed run replaces it (a rename), which a size alone can miss. */
  private inode: number | undefined;
  private partial = '';
  private readonly records: MetricsRecord[] = [];
  /** The records as columns, and how many records they hold. */
  private asColumns: { count: number; columns: MetricsColumns } | undefined;

  constructor(readonly file: string) {}

  /** Every whole record so far (the same array, grown). A last line cut short waits for the rest. */
  read(): MetricsRecord[] {
    let size: number;
    try {
      const stat = fs.statSync(this.file);
      size = stat.size;
      // Replaced (a resume cut it at its checkpoint) or rewritten shorter: read it again whole.
      if ((this.inode !== undefined && stat.ino !== this.inode) || size < this.offset) this.reset();
      this.inode = stat.ino;
      // A finished run read whole for the first time: from its columns, when they are this file's.
      const columns = this.offset === 0 && size > 0 ? readMetricsColumns(this.file, stat) : undefined;
      if (columns) {
        for (const r of fromColumns(columns)) this.records.push(r);
        this.offset = size;
        this.asColumns = { count: this.records.length, columns };
      }
    } catch {
      return this.records;
    }
    if (size === this.offset) return this.records;
    const fd = fs.openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(size - this.offset);
      const got = fs.readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += got;
      const lines = (this.partial + buffer.toString('utf8', 0, got)).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          this.records.push(JSON.parse(line) as MetricsRecord);
        } catch {
          /* a line mangled by hand: skipped, as readRun does */
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    return this.records;
  }

  /** Every whole record so far as columns: made once per length of the run (or as read from
   * its columns file), for the panels that send a whole run to a webview. */
  columns(): MetricsColumns {
    const records = this.read();
    if (this.asColumns?.count !== records.length)
      this.asColumns = { count: records.length, columns: toColumns(records) };
    return this.asColumns.columns;
  }

  private reset(): void {
    this.offset = 0;
    this.partial = '';
    this.records.length = 0;
    this.asColumns = undefined;
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** One run folder, cached. */
export class RunFolderCache {
  private readonly tail: MetricsTail;
  private summaryCache: { value: RunSummary | undefined } | undefined;
  private experimentCache: { value: Record<string, unknown> | undefined } | undefined;
  private readonly samples = new Map<string, SampleRecord>();

  constructor(readonly dir: string) {
    this.tail = new MetricsTail(path.join(dir, 'metrics.jsonl'));
  }

  /** Forget the small files; the metrics tail keeps its place (it notices a replaced file). */
  invalidate(): void {
    this.summaryCache = undefined;
    this.experimentCache = undefined;
    // Samples after a resumed run's checkpoint were moved aside: list them again.
    this.samples.clear();
  }

  summary(): RunSummary | undefined {
    this.summaryCache ??= { value: readSummary(this.dir) };
    return this.summaryCache.value;
  }

  experiment(): Record<string, unknown> | undefined {
    this.experimentCache ??= { value: readJson(path.join(this.dir, 'experiment.json')) };
    return this.experimentCache.value;
  }

  metrics(): MetricsRecord[] {
    return this.tail.read();
  }

  /** The same metrics as columns (see MetricsTail.columns). */
  metricsColumns(): MetricsColumns {
    return this.tail.columns();
  }

  /** Sample records by step; a sample's 2-D points are read once, when it first appears. */
  sampleRecords(): SampleRecord[] {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(this.dir, 'samples')).filter((n) => /^step-\d+\.png$/.test(n));
    } catch {
      names = [];
    }
    for (const f of names) {
      if (this.samples.has(f)) continue;
      const points = readJson<PointsPreview>(path.join(this.dir, 'samples', f.replace(/\.png$/, '.json')));
      this.samples.set(f, {
        step: Number(f.slice(5, -4)),
        image: `samples/${f}`,
        kind: points ? 'points' : 'images',
        points,
      });
    }
    return [...this.samples.values()].sort((a, b) => a.step - b.step);
  }

  record(): RunRecord {
    return {
      dir: this.dir,
      experiment: this.experiment(),
      metrics: this.metrics(),
      samples: this.sampleRecords(),
      summary: this.summary(),
      // Small and rare: read whole each time.
      interventions: readInterventions(this.dir),
    };
  }
}

/** Every run folder the editor has looked at, and each experiment's latest run. */
export class RunsIndex {
  private readonly runs = new Map<string, RunFolderCache>();
  private readonly latest = new Map<string, string | undefined>();
  private readonly lists = new Map<string, string[]>();

  run(dir: string): RunFolderCache {
    let r = this.runs.get(dir);
    if (!r) this.runs.set(dir, (r = new RunFolderCache(dir)));
    return r;
  }

  /** The newest run under an experiment's runs folder (listed once until invalidated). */
  latestRunDir(runsDir: string): string | undefined {
    if (!this.latest.has(runsDir)) this.latest.set(runsDir, latestRunDir(runsDir));
    return this.latest.get(runsDir);
  }

  /** Every run folder under an experiment's runs folder, oldest first (listed once until invalidated). */
  runDirs(runsDir: string): string[] {
    let list = this.lists.get(runsDir);
    if (!list) {
      let names: string[];
      try {
        names = fs.readdirSync(runsDir);
      } catch {
        names = [];
      }
      list = names
        .filter((n) => !n.startsWith('.') && fs.existsSync(path.join(runsDir, n, 'experiment.json')))
        .sort()
        .map((n) => path.join(runsDir, n));
      this.lists.set(runsDir, list);
    }
    return list;
  }

  /** A file in `dir` changed: `dir` is a run folder, or a runs folder holding run folders. */
  invalidate(dir: string): void {
    this.runs.get(dir)?.invalidate();
    for (const d of [dir, path.dirname(dir)]) {
      this.latest.delete(d);
      this.lists.delete(d);
    }
  }

  /** A run folder was deleted: forget it. */
  forget(dir: string): void {
    this.runs.delete(dir);
    this.invalidate(dir);
  }

  invalidateAll(): void {
    for (const r of this.runs.values()) r.invalidate();
    this.latest.clear();
    this.lists.clear();
  }
}
