// Run folder names and whole-file writes, without TensorFlow.js, so the extension host can use
// them. Runs in Node.
import * as fs from 'fs';
import * as path from 'path';
import { readSummary } from './readRun';
import type { RunSummary } from './runRecords';

/** Writes `data` to `file` through a temporary file and a rename, so readers never see half. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** A run id that sorts by time: 2026-11-30T05-40-12, with -2, -3... when taken. */
export function newRunId(parent: string, now: Date = new Date()): string {
  const base = now.toISOString().slice(0, 19).replace(/:/g, '-');
  let id = base;
  for (let n = 2; fs.existsSync(path.join(parent, id)); n++) id = `${base}-${n}`;
  return id;
}

/** The default run folder's parent: `.gan-runs/<name>/` beside the experiment file. */
export function defaultRunsDir(experimentFile: string, name: string): string {
  return path.join(path.dirname(path.resolve(experimentFile)), '.gan-runs', name);
}

/**
 * Marks a run failed when its trainer died without saying so (killed, crashed): the summary keeps
 * what it had, so the metrics and last checkpoint stay where they are, and gains the reason.
 */
export function markRunFailed(dir: string, reason: string): void {
  // With no summary yet, a minimal one.
  const summary: Partial<RunSummary> = readSummary(dir) ?? {};
  if (summary.status && summary.status !== 'running') return;
  writeFileAtomic(path.join(dir, 'summary.json'), JSON.stringify({ ...summary, status: 'failed', error: reason, endedAt: new Date().toISOString() }, null, 2) + '\n');
}
