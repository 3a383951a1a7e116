// A dataset over files, streamed: an index of samples shuffled each epoch by the experiment's
// seeded generator (so runs repeat), samples decoded ahead of need on the decoder's threads into
// the disk cache, and read back one at a time at their offsets. Nothing is held whole in memory.
// Runs in the trainer process.
import type { Shape } from '../experiment/types';
import { isRandomState, type RandomState, type SeededRandom } from '../random';
import type { Dataset, DataHealth } from './dataset';
import { SampleStatus, type SampleCache } from './sampleCache';
import { toUnitRange } from './files/numericTypes';
import { DataFileError, type SampleSource } from './files/sampleSource';

export interface StreamOptions {
  /** Indices of the source's samples to use (a class subset, a limit), in source order. */
  indices: number[];
  /** Draws each epoch's order. */
  orderRng: SeededRandom;
  /** Draws the flips: a stream of its own, so decoding ahead never changes the order's draws. */
  flipRng?: SeededRandom;
  flip: boolean;
  onError: 'skip' | 'stop';
  /** The stored values' range, mapped to [-1, 1]: one for all values, or one per value (a table's
   * columns, each measured on its own). */
  range: [number, number] | Array<[number, number]>;
  /** Decodes in flight at once (default 64): enough to keep the decoder's threads busy through a step,
   * few enough that their buffers stay small (64 decode about 1,000 images/s here). */
  maxInFlight?: number;
}

/** How far ahead of the next batch samples are decoded, in batches. */
const AHEAD_BATCHES = 4;

export class StreamedDataset implements Dataset {
  readonly kind: 'images' | 'points';
  readonly sampleShape: Shape;
  readonly sampleSize: number;
  private readonly order: Int32Array;
  /** Position in `order` of the next sample; epochs are drawn as they are reached. */
  private position = 0;
  private epoch = 0;
  /** The next epoch's order, drawn early when decoding ahead crosses into it. */
  private nextOrder: Int32Array | undefined;
  /** The order stream just before it drew this epoch's order (and the next's): an epoch's order is
   * a function of it, so a checkpoint stores it rather than the order itself. */
  private orderDrawnFrom: RandomState;
  private nextOrderDrawnFrom: RandomState | undefined;
  private readonly scale: Float32Array;
  private readonly shift: Float32Array;
  private readonly raw: Buffer;
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly skippedSamples = new Set<number>();
  private failure: Error | undefined;
  private disposed = false;

  constructor(
    private readonly source: SampleSource,
    private readonly cache: SampleCache | undefined,
    private readonly options: StreamOptions,
  ) {
    if (!options.indices.length) throw new DataFileError(source.describe(0), 'no samples are left to train on');
    this.sampleShape = source.sampleShape;
    this.sampleSize = source.sampleSize;
    this.kind = source.sampleShape.length === 3 ? 'images' : 'points';
    const ranges = isRangeList(options.range)
      ? options.range
      : Array.from({ length: source.sampleSize }, () => options.range as [number, number]);
    const maps = ranges.map(toUnitRange);
    this.scale = Float32Array.from(maps, (m) => m.scale);
    this.shift = Float32Array.from(maps, (m) => m.shift);
    this.raw = Buffer.alloc(source.sampleSize * (source.storage === 'uint8' ? 1 : 4));
    this.orderDrawnFrom = options.orderRng.getState();
    this.order = this.drawOrder();
  }

  saveState(): StreamState {
    return {
      epoch: this.epoch,
      position: this.position,
      orderDrawnFrom: this.orderDrawnFrom,
      flips: this.options.flipRng?.getState(),
    };
  }

  restoreState(state: unknown): void {
    if (!isStreamState(state) || state.position >= this.order.length)
      throw new Error("the checkpoint's data position does not fit these data (were files added or removed?)");
    this.options.orderRng.setState(state.orderDrawnFrom);
    this.orderDrawnFrom = state.orderDrawnFrom;
    this.order.set(this.drawOrder());
    this.nextOrder = this.nextOrderDrawnFrom = undefined;
    this.position = state.position;
    this.epoch = state.epoch;
    if (state.flips) this.options.flipRng?.setState(state.flips);
  }

  get size(): number {
    return this.options.indices.length;
  }

  get health(): DataHealth {
    const examples = [...this.skippedSamples]
      .slice(0, 5)
      .map((i) => `${this.source.describe(i)}: ${this.cache?.errors.get(i) ?? 'unreadable'}`);
    return { samples: this.size, skipped: this.skippedSamples.size, skippedExamples: examples };
  }

  private drawOrder(): Int32Array {
    const n = this.options.indices.length;
    const order = Int32Array.from({ length: n }, (_, i) => this.options.indices[i]);
    for (let i = n - 1; i > 0; i--) {
      const j = this.options.orderRng.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** The source index at `ahead` positions past the next one, crossing into the next epoch. */
  private peek(ahead: number): number {
    const at = this.position + ahead;
    if (at < this.order.length) return this.order[at];
    if (!this.nextOrder) {
      this.nextOrderDrawnFrom = this.options.orderRng.getState();
      this.nextOrder = this.drawOrder();
    }
    return this.nextOrder[(at - this.order.length) % this.nextOrder.length];
  }

  private advance(): number {
    const index = this.order[this.position++];
    if (this.position === this.order.length) {
      this.orderDrawnFrom = this.nextOrderDrawnFrom ?? this.options.orderRng.getState();
      this.order.set(this.nextOrder ?? this.drawOrder());
      this.nextOrder = this.nextOrderDrawnFrom = undefined;
      this.position = 0;
      this.epoch++;
    }
    return index;
  }

  private needsDecode(i: number): boolean {
    return !this.source.readSync && this.cache!.statusOf(i) === SampleStatus.Missing;
  }

  private decode(i: number): Promise<void> {
    let p = this.inFlight.get(i);
    if (p) return p;
    p = this.source.decode!(i)
      .then(
        (values) => {
          // Decodes started ahead may finish after the run has ended and closed the cache.
          if (!this.disposed) this.cache!.write(i, values);
        },
        (err: Error) => {
          if (this.disposed) return;
          const reason = (err.message || String(err)).split('\n')[0];
          this.cache!.markBad(i, reason);
          if (this.options.onError === 'stop')
            this.failure ??= new DataFileError(
              this.source.describe(i),
              `it cannot be decoded (${reason}); fix or remove it, or set "onError": "skip"`,
            );
        },
      )
      .finally(() => this.inFlight.delete(i));
    this.inFlight.set(i, p);
    return p;
  }

  /**
   * Makes the next `count` samples ready, and starts decoding the ones after them, which the
   * decoder's threads work on while the training step runs. Training awaits this before a step.
   */
  async prefetch(count: number): Promise<void> {
    if (this.source.readSync) return;
    const limit = this.options.maxInFlight ?? 64;
    const ahead = Math.min(count * AHEAD_BATCHES, this.size * 2);
    const needed: number[] = [];
    const later: number[] = [];
    for (let k = 0; k < ahead; k++) {
      const i = this.peek(k);
      if (this.needsDecode(i)) (k < count ? needed : later).push(i);
    }
    // What the next step needs first, at most `limit` decodes at a time (a whole epoch asked for at
    // once would otherwise queue every file's pipeline in memory together)...
    for (let at = 0; at < needed.length; at += limit)
      await Promise.all(needed.slice(at, at + limit).map((i) => this.decode(i)));
    // ...then the samples after it, unawaited: the decoder's threads work on them during the step.
    for (const i of later) {
      if (this.inFlight.size >= limit) break;
      void this.decode(i);
    }
    // A bad sample among the next ones means one more is needed after them: decode until covered.
    let extra = 0;
    for (let k = 0; k < count + extra && k < this.size * 2; k++) {
      const i = this.peek(k);
      if (this.needsDecode(i)) await this.decode(i);
      if (this.cache!.statusOf(i) === SampleStatus.Bad) extra++;
    }
    if (this.failure) throw this.failure;
  }

  sampleBatch(batch: number, out: Float32Array): void {
    let misses = 0;
    for (let b = 0; b < batch;) {
      const i = this.advance();
      if (!this.source.readSync && this.cache!.statusOf(i) !== SampleStatus.Ready) {
        if (this.cache!.statusOf(i) === SampleStatus.Bad) this.skippedSamples.add(i);
        if (++misses > 2 * this.size)
          throw new DataFileError(this.source.describe(i), 'none of the samples could be read');
        if (this.failure) throw this.failure;
        if (this.cache!.statusOf(i) === SampleStatus.Missing) throw new Error(`sample ${i} was not prefetched`);
        continue;
      }
      this.read(i, out, b * this.sampleSize);
      b++;
    }
  }

  /** Decodes every sample at `indices` not yet in the cache, a bounded number at a time. Those
   * that cannot be decoded are marked bad (and end the run with `onError: stop`). */
  async decodeAll(indices: number[]): Promise<void> {
    if (this.source.readSync) return;
    const limit = this.options.maxInFlight ?? 64;
    const missing = indices.filter((i) => this.needsDecode(i));
    for (let at = 0; at < missing.length; at += limit)
      await Promise.all(missing.slice(at, at + limit).map((i) => this.decode(i)));
    if (this.failure) throw this.failure;
  }

  /** Whether sample i of the source was decoded (not missing, not bad). */
  isReady(i: number): boolean {
    return !!this.source.readSync || this.cache!.statusOf(i) === SampleStatus.Ready;
  }

  /** Sample i of the source (kept or not), scaled as training sees it, never flipped: for the
   * classifier of labelled data. The source must be readable at once or fully cached. */
  readSource(i: number, out: Float32Array, offset: number): void {
    if (!this.source.readSync && this.cache!.statusOf(i) !== SampleStatus.Ready)
      throw new DataFileError(this.source.describe(i), 'this sample is not decoded');
    this.scaleInto(i, out, offset);
  }

  private read(i: number, out: Float32Array, offset: number): void {
    this.scaleInto(i, out, offset);
    if (this.options.flip && this.sampleShape.length === 3 && this.options.flipRng!.next() < 0.5)
      flipRow(out, offset, this.sampleShape);
  }

  private scaleInto(i: number, out: Float32Array, offset: number): void {
    if (this.source.readSync) this.source.readSync(i, out, offset);
    else {
      const raw = this.cache!.read(i, this.raw);
      const n = this.sampleSize;
      const { scale, shift } = this;
      if (this.source.storage === 'uint8') for (let k = 0; k < n; k++) out[offset + k] = raw[k] * scale[k] + shift[k];
      else {
        const f = new Float32Array(raw.buffer, raw.byteOffset, n);
        for (let k = 0; k < n; k++) out[offset + k] = f[k] * scale[k] + shift[k];
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.source.close();
    this.cache?.close();
  }
}

interface StreamState {
  epoch: number;
  /** Position in the epoch's order of the next sample. */
  position: number;
  orderDrawnFrom: RandomState;
  flips?: RandomState;
}

function isStreamState(x: unknown): x is StreamState {
  const s = x as StreamState;
  return (
    typeof s === 'object' &&
    s !== null &&
    Number.isInteger(s.epoch) &&
    Number.isInteger(s.position) &&
    s.position >= 0 &&
    isRandomState(s.orderDrawnFrom) &&
    (s.flips === undefined || isRandomState(s.flips))
  );
}

const isRangeList = (r: StreamOptions['range']): r is Array<[number, number]> => Array.isArray(r[0]);

/** Mirrors one [h, w, c] image left to right, in place. */
function flipRow(out: Float32Array, offset: number, [h, w, c]: Shape): void {
  for (let y = 0; y < h; y++) {
    const row = offset + y * w * c;
    for (let x = 0; x < w >> 1; x++) {
      const a = row + x * c;
      const b = row + (w - 1 - x) * c;
      for (let k = 0; k < c; k++) {
        const t = out[a + k];
        out[a + k] = out[b + k];
        out[b + k] = t;
      }
    }
  }
}
