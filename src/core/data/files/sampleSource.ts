// What the streamed dataset needs of a file source: how many samples, their shape, and how to get
// sample i (read at once, or decoded into the cache). Pure types and the data-file error.
import type { Shape } from '../../experiment/types';
import type { SampleCache, Storage } from '../sampleCache';

export interface SampleSource {
  readonly count: number;
  readonly sampleShape: Shape;
  readonly sampleSize: number;
  /** How decoded samples are kept in the cache: uint8 for 8-bit sources. */
  readonly storage: Storage;
  /** [low, high] of the stored values, which map to [-1, 1]. Unknown before `fill` for a table or
   * float array whose range is measured: `fill` then gives it. */
  readonly range?: [number, number];
  /** Where sample i comes from (a file path), for messages. */
  describe(i: number): string;
  /** Sources read at offsets (plain NPY and IDX): sample i, scaled, into out at offset. No cache. */
  readSync?(i: number, out: Float32Array, offset: number): void;
  /** Image folders read with `labels: "folders"`: the class (subfolder) of sample i, if it has one. */
  labelOf?(i: number): string | undefined;
  /** Sources decoded one sample at a time (images): sample i in the storage type. */
  decode?(i: number): Promise<Uint8Array | Float32Array>;
  /** Sources decoded in one pass (CSV, gzipped IDX): every sample into the cache, unscaled. */
  fill?(cache: SampleCache): Promise<FillResult>;
  /** What decides the decoded bytes, for the cache's key (files, sizes, times, options). */
  readonly cacheKey?: unknown;
  close(): void;
}

export interface FillResult {
  /** Samples written (a table may hold fewer rows than lines). */
  count: number;
  /** The stored values' range, measured on the way: one, or one per value (a table's columns). */
  range: [number, number] | Array<[number, number]>;
}

/** A data file that cannot be read or decoded, named by its path. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}
