// Where run folders live, how they are named and created, and whole-file writes, without
// TensorFlow.js, so the extension host and the CLI share them. Runs in Node.
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

/** The schema's rule for `name`: it becomes a folder name, so no separators and no `..`. */
const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;

/**
 * `name` when it is safe to join into a path (what the schema allows), else undefined. The editor
 * reads names from files that may not be valid yet; `"name": "../.."` must never widen a path.
 */
export function safeRunName(name: unknown): string | undefined {
  return typeof name === 'string' && name.length <= 100 && RUN_NAME.test(name) && !name.includes('..')
    ? name
    : undefined;
}

/** The experiment's name as a folder: its own when safe, else the file's stem. */
export function runNameFor(experimentFile: string, name: unknown): string {
  return safeRunName(name) ?? (safeRunName(path.basename(experimentFile).replace(/\.gan\.json$/, '')) || 'experiment');
}

/**
 * The folder holding an experiment's runs: `<runsFolder>/<name>/` beside the experiment file. The
 * one place that says so, for the CLI and the extension alike.
 * @param runsFolder relative to the experiment's folder (the `ganStudio.runsFolder` setting).
 */
export function runsDirFor(experimentFile: string, name: unknown, runsFolder = '.gan-runs'): string {
  return path.join(path.dirname(path.resolve(experimentFile)), runsFolder, runNameFor(experimentFile, name));
}

/**
 * `mkdir -p` that always ends: Node's recursive mkdir retries for ever where a parent exists but
 * refuses children (under /proc, for one). Each missing folder is made once, from the nearest
 * existing ancestor down; the first failure is thrown.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!fs.existsSync(at)) {
    missing.push(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  if (fs.existsSync(at) && !fs.statSync(at).isDirectory()) {
    throw new Error(`${at} is a file, not a folder`);
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Why `dir` cannot be a new run's folder (it holds files, or cannot be made), or undefined. */
export function prepareRunDir(dir: string): string | undefined {
  try {
    makeDirs(dir);
    if (!fs.statSync(dir).isDirectory()) return `${dir} is a file, not a folder`;
    const entries = fs.readdirSync(dir);
    if (entries.length)
      return `${dir} already holds ${entries.length === 1 ? 'a file' : `${entries.length} files`} (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}); a new run needs an empty or new folder, so nothing of another run is mixed in or lost`;
    return undefined;
  } catch (err) {
    return `cannot create ${dir}: ${describeFsError(err)}`;
  }
}

/** An fs error as a person reads it: "permission denied (EACCES)", not a stack. */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EEXIST: 'it already exists',
    EISDIR: 'it is a folder',
  };
  if (e && typeof e.code === 'string' && words[e.code]) return `${words[e.code]} (${e.code})`;
  return e instanceof Error ? e.message.split('\n')[0] : String(err);
}

/**
 * Where decoded data samples are cached for the experiments beside `experimentFile`:
 * `<runsFolder>/.cache/` (no experiment name can start with a dot, so it never meets a run).
 */
export function dataCacheDirFor(experimentFile: string, runsFolder = '.gan-runs'): string {
  return path.join(path.dirname(path.resolve(experimentFile)), runsFolder, '.cache');
}

/** A run id that sorts by time: 2026-11-30T05-40-12, with -2, -3... when taken. */
function runIdCandidates(now: Date): Iterable<string> {
  const base = now.toISOString().slice(0, 19).replace(/:/g, '-');
  return (function* () {
    yield base;
    for (let n = 2; ; n++) yield `${base}-${n}`;
  })();
}

/**
 * Creates a new, empty run folder under `parent` and returns its path. The folder is made with a
 * plain `mkdir` (which fails when it exists), so two trainers starting in the same second never
 * share one: the second takes the next id.
 */
export function createRunDir(parent: string, now: Date = new Date()): string {
  makeDirs(parent);
  for (const id of runIdCandidates(now)) {
    const dir = path.join(parent, id);
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error('unreachable');
}

/**
 * Marks a run failed when its trainer died without saying so (killed, crashed): the summary keeps
 * what it had, so the metrics and last checkpoint stay where they are, and gains the reason.
 * Returns false when there is no run folder to mark (the trainer died before making it).
 */
export function markRunFailed(dir: string, reason: string): boolean {
  if (!fs.existsSync(path.join(dir, 'experiment.json'))) {
    // Made for a trainer that died before writing anything: leave no empty run behind.
    try {
      fs.rmdirSync(dir);
    } catch {
      /* not there, or not empty */
    }
    return false;
  }
  // With no summary yet, a minimal one.
  const summary: Partial<RunSummary> = readSummary(dir) ?? {};
  if (summary.status && summary.status !== 'running') return true;
  writeFileAtomic(
    path.join(dir, 'summary.json'),
    JSON.stringify({ ...summary, status: 'failed', error: reason, endedAt: new Date().toISOString() }, null, 2) + '\n',
  );
  return true;
}
