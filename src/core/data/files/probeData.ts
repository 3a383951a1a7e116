// What a file data source holds, from cheap header reads only (never a whole folder or file): its
// sample shape and count, and each problem located at a field of the experiment's `data`. The
// editor calls it on every keystroke, so results are kept per path, size and time.
// Runs in Node; no TensorFlow.js, no image decoder.
import * as fs from 'fs';
import * as path from 'path';
import type { FileDataSpec, Shape } from '../../experiment/types';
import { csvLayout, CsvProblem, readCsvStart } from './csvFormat';
import { IMAGE_EXTENSIONS, listImageFiles } from './imageFiles';
import { parseIdxHeader, readIdxStart, type IdxHeader } from './idxFormat';
import { NPY_HEADER_BYTES, parseNpyHeader, type NpyHeader } from './npyFormat';
import {
  chooseNpzMember,
  looksLikeNpz,
  NpzChoiceError,
  readNpzArrayHeader,
  readNpzMembers,
  type NpzMember,
} from './npzFormat';

export interface DataProblem {
  /** The field of `data` the problem is about: 'path', 'labels', ['columns', 1], ... */
  field: string | Array<string | number>;
  message: string;
  severity: 'error' | 'information';
}

export interface DataProbe {
  /** Shape of one sample, when the files could be read. */
  sampleShape?: Shape;
  /** Samples available (images: not counted in the editor). */
  count?: number;
  problems: DataProblem[];
  /** Every file or folder the source reads, resolved (symbolic links followed). */
  resolvedPaths: string[];
}

/** The path a data field names, relative to the experiment file's folder. */
export const resolveDataPath = (baseDir: string, p: string): string => path.resolve(baseDir, p);

const cache = new Map<string, DataProbe>();
const CACHE_SIZE = 64;

function statKey(p: string): string {
  try {
    const s = fs.statSync(p);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** Probes `spec` (a file source) with paths relative to `baseDir`. */
export function probeData(spec: FileDataSpec, baseDir: string): DataProbe {
  const files = [
    resolveDataPath(baseDir, spec.path),
    ...(spec.source === 'idx' && spec.labels ? [resolveDataPath(baseDir, spec.labels)] : []),
  ];
  const key = JSON.stringify([spec, baseDir, files.map(statKey)]);
  const hit = cache.get(key);
  if (hit) return hit;
  const result = probeUncached(spec, baseDir);
  cache.set(key, result);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return result;
}

const fail = (field: DataProblem['field'], message: string): DataProbe => ({
  problems: [{ field, message, severity: 'error' }],
  resolvedPaths: [],
});

/** "no such file" and kin, as a sentence that says what to check. */
function missing(p: string, what: 'file' | 'folder', field: string, spec: FileDataSpec): DataProbe | undefined {
  if (!fs.existsSync(p)) {
    return fail(
      field,
      `${JSON.stringify(field === 'labels' && spec.source === 'idx' ? spec.labels : spec.path)} does not exist (looked for ${p}); paths are relative to the experiment file's folder.`,
    );
  }
  const isDir = fs.statSync(p).isDirectory();
  if (what === 'folder' && !isDir)
    return fail(field, `${p} is a file; "images" reads a folder of images: name the folder that holds them.`);
  if (what === 'file' && isDir) return fail(field, `${p} is a folder; "${spec.source}" reads one file: name the file.`);
  return undefined;
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function probeUncached(spec: FileDataSpec, baseDir: string): DataProbe {
  const file = resolveDataPath(baseDir, spec.path);
  try {
    switch (spec.source) {
      case 'images': {
        const bad = missing(file, 'folder', 'path', spec);
        if (bad) return bad;
        const recursive = spec.recursive || spec.labels === 'folders';
        if (!listImageFiles(file, { recursive, pattern: spec.pattern, limit: 1 }).length) {
          const what = spec.pattern
            ? `no image matching ${JSON.stringify(spec.pattern)}`
            : `no ${IMAGE_EXTENSIONS.join(', ')} images`;
          return fail(
            'path',
            `${file} holds ${what}${recursive ? ' (subfolders included)' : ' (set "recursive": true to read subfolders)'}.`,
          );
        }
        if (spec.labels === 'folders') {
          const classes = fs
            .readdirSync(file, { withFileTypes: true })
            .filter((e) => e.isDirectory() && !e.name.startsWith('.'));
          if (classes.length < 2)
            return fail(
              'labels',
              `${file} has ${classes.length ? 'one subfolder' : 'no subfolders'}: with "labels": "folders" each class is a subfolder of images (path/cat/1.png, path/dog/2.png), at least two of them.`,
            );
        }
        return { sampleShape: [spec.height, spec.width, spec.channels], problems: [], resolvedPaths: [realPath(file)] };
      }
      case 'npy': {
        const bad = missing(file, 'file', 'path', spec);
        if (bad) return bad;
        const { header, bytesThere, archive } = readNpy(file, spec.array);
        if (spec.array !== undefined && !archive)
          return fail(
            'array',
            `${file} is an .npy file, which holds one array: remove "array" (it names an array of an .npz).`,
          );
        if (header.fortranOrder)
          return fail(
            'path',
            `${file} is stored in Fortran order; save it in C order (numpy.ascontiguousarray(a) before numpy.save).`,
          );
        if (header.shape.length === 0)
          return fail('path', `${file} holds a single value, not an array of samples along its first axis.`);
        const [count, ...rest] = header.shape;
        if (count === 0) return fail('path', `${file} holds no samples (its first axis is 0 long).`);
        const need = header.dataOffset + header.shape.reduce((a, b) => a * b, 1) * header.dtype.bytes;
        if (bytesThere < need)
          return fail('path', `${file} is truncated: its header promises ${need} bytes, the file has ${bytesThere}.`);
        return { sampleShape: sampleShapeOf(rest, false), count, problems: [], resolvedPaths: [realPath(file)] };
      }
      case 'idx': {
        const bad = missing(file, 'file', 'path', spec);
        if (bad) return bad;
        const images = readIdx(file);
        const [count, ...rest] = images.dims;
        if (!images.gzipped) {
          const need = images.dataOffset + images.dims.reduce((a, b) => a * b, 1) * images.dtype.bytes;
          if (fs.statSync(file).size < need)
            return fail(
              'path',
              `${file} is truncated: its header promises ${need} bytes, the file has ${fs.statSync(file).size}.`,
            );
        }
        const resolvedPaths = [realPath(file)];
        if (spec.classes && !spec.labels)
          return fail('classes', '"classes" needs the labels file: add "labels" with the path of the IDX labels file.');
        if (spec.labels) {
          const labelsFile = resolveDataPath(baseDir, spec.labels);
          const badLabels = missing(labelsFile, 'file', 'labels', spec);
          if (badLabels) return badLabels;
          const labels = readIdx(labelsFile, 'labels');
          if (labels.dims.length !== 1)
            return fail(
              'labels',
              `${labelsFile} is not a labels file: it holds [${labels.dims.join(', ')}], not one label per sample.`,
            );
          if (labels.dims[0] !== count)
            return fail(
              'labels',
              `${labelsFile} has ${labels.dims[0]} labels for the ${count} samples of ${file}: name the labels file of the same set.`,
            );
          resolvedPaths.push(realPath(labelsFile));
        }
        return { sampleShape: sampleShapeOf(rest, spec.flatten), count, problems: [], resolvedPaths };
      }
      case 'csv': {
        const bad = missing(file, 'file', 'path', spec);
        if (bad) return bad;
        const layout = csvLayout(spec, readCsvStart(file, spec.delimiter));
        return { sampleShape: [layout.columns.length], problems: [], resolvedPaths: [realPath(file)] };
      }
    }
  } catch (err) {
    if (err instanceof CsvProblem) return fail(err.field, `${file}: ${err.message}.`);
    if (err instanceof NpzChoiceError)
      return fail(spec.source === 'npy' && spec.array !== undefined ? 'array' : 'path', `${file}: ${err.message}.`);
    if (err instanceof FileFormatError)
      return fail(err.field, `${err.file} cannot be read as ${err.format}: ${err.message}.`);
    const e = err as NodeJS.ErrnoException;
    return fail('path', `${file} cannot be read: ${e.code ? `${e.code}` : e.message}.`);
  }
}

/**
 * The sample shape for values laid out as `rest` (the axes after the samples): a 2-D sample is a
 * one-channel image; `flatten` makes any sample a vector.
 */
export function sampleShapeOf(rest: number[], flatten: boolean): Shape {
  const size = rest.reduce((a, b) => a * b, 1);
  if (flatten || rest.length === 0) return [rest.length ? size : 1];
  if (rest.length === 2) return [rest[0], rest[1], 1];
  return rest;
}

class FileFormatError extends Error {
  constructor(
    readonly file: string,
    readonly format: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The header of an .npy file, or of the chosen array of an .npz archive, and how many bytes
 * that array's header and values have to be in (the file's, or the archive member's). */
function readNpy(file: string, array: string | undefined): { header: NpyHeader; bytesThere: number; archive: boolean } {
  const fd = fs.openSync(file, 'r');
  try {
    if (looksLikeNpz(fd)) {
      let member: NpzMember;
      try {
        member = chooseNpzMember(readNpzMembers(fd), array);
      } catch (err) {
        if (err instanceof NpzChoiceError) throw err;
        throw new FileFormatError(file, 'a NumPy .npz archive', 'path', (err as Error).message);
      }
      try {
        const header = readNpzArrayHeader(fd, member);
        const size = fs.fstatSync(fd).size;
        const bytesThere = member.method === 'stored' ? Math.min(member.size, size - member.dataStart) : member.size;
        return { header, bytesThere, archive: true };
      } catch (err) {
        throw new FileFormatError(
          file,
          `a NumPy .npz archive (its array ${member.name})`,
          'path',
          (err as Error).message,
        );
      }
    }
    const buf = Buffer.alloc(NPY_HEADER_BYTES);
    const got = fs.readSync(fd, buf, 0, buf.length, 0);
    try {
      return { header: parseNpyHeader(buf.subarray(0, got)), bytesThere: fs.fstatSync(fd).size, archive: false };
    } catch (err) {
      throw new FileFormatError(file, 'a NumPy array', 'path', (err as Error).message);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function readIdx(file: string, field = 'path'): IdxHeader {
  try {
    const { start, gzipped } = readIdxStart(file);
    return parseIdxHeader(start, gzipped);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code?.startsWith('E')) throw err; // the file system's, not the format's
    throw new FileFormatError(file, 'an IDX file', field, (err as Error).message);
  }
}
