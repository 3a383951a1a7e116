// A compact cache of decoded samples on disk: one file of fixed-size records (uint8 where the source
// is 8-bit, else float32) and one status byte per sample, read and written at offsets, so nothing
// is ever held whole in memory. A sample is marked decoded only after its bytes are written, so a
// killed run leaves a cache that is right about everything it claims. Runs in Node.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { makeDirs, writeFileAtomic } from '../run/runFolder';

export type Storage = 'uint8' | 'float32';

/** Status of one cached sample; Bad: the source could not be decoded (a corrupt file). */
export const SampleStatus = { Missing: 0, Ready: 1, Bad: 2 } as const;
export type SampleStatus = (typeof SampleStatus)[keyof typeof SampleStatus];

export interface CacheIdentity {
  /** Everything that decides the decoded bytes: the files (names, sizes, times) and options. */
  key: unknown;
  count: number;
  sampleSize: number;
  storage: Storage;
}

/** The cache folder for `identity` under `cacheRoot`: a hash of what decides its content. */
export function cacheDirFor(cacheRoot: string, identity: CacheIdentity): string {
  const hash = crypto.createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 20);
  return path.join(cacheRoot, `data-${hash}`);
}

export class SampleCache {
  private readonly fd: number;
  private readonly statusFd: number;
  private readonly status: Uint8Array;
  private readonly bytesPerSample: number;
  /** Bad samples' reasons, by index, as the source said them (kept in meta.json). */
  readonly errors = new Map<number, string>();

  private constructor(
    readonly dir: string,
    readonly identity: CacheIdentity,
  ) {
    this.bytesPerSample = identity.sampleSize * (identity.storage === 'uint8' ? 1 : 4);
    const samples = path.join(dir, 'samples.bin');
    const status = path.join(dir, 'status.bin');
    const fresh = !fs.existsSync(status) || fs.statSync(status).size !== identity.count;
    if (fresh) {
      fs.writeFileSync(samples, '');
      fs.truncateSync(samples, identity.count * this.bytesPerSample);
      fs.writeFileSync(status, Buffer.alloc(identity.count));
      writeFileAtomic(
        path.join(dir, 'meta.json'),
        JSON.stringify({ ...identity, created: new Date().toISOString() }, null, 2),
      );
    }
    this.fd = fs.openSync(samples, 'r+');
    this.statusFd = fs.openSync(status, 'r+');
    this.status = new Uint8Array(identity.count);
    fs.readSync(this.statusFd, this.status, 0, identity.count, 0);
    const meta = readErrors(path.join(dir, 'errors.json'));
    for (const [i, reason] of meta) if (this.status[i] === SampleStatus.Bad) this.errors.set(i, reason);
  }

  /** Opens (or creates) the cache of `identity` under `cacheRoot`. */
  static open(cacheRoot: string, identity: CacheIdentity): SampleCache {
    const dir = cacheDirFor(cacheRoot, identity);
    makeDirs(dir);
    return new SampleCache(dir, identity);
  }

  statusOf(i: number): SampleStatus {
    return this.status[i] as SampleStatus;
  }

  get readyCount(): number {
    let n = 0;
    for (const s of this.status) if (s === SampleStatus.Ready) n++;
    return n;
  }

  /** Stores sample `i` (values in the cache's storage type) and marks it ready. */
  write(i: number, values: Uint8Array | Float32Array): void {
    const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    if (bytes.length !== this.bytesPerSample)
      throw new Error(`sample ${i} has ${bytes.length} bytes, the cache holds ${this.bytesPerSample}`);
    fs.writeSync(this.fd, bytes, 0, bytes.length, i * this.bytesPerSample);
    this.setStatus(i, SampleStatus.Ready);
  }

  markBad(i: number, reason: string): void {
    this.errors.set(i, reason);
    this.setStatus(i, SampleStatus.Bad);
    writeFileAtomic(path.join(this.dir, 'errors.json'), JSON.stringify([...this.errors]));
  }

  private setStatus(i: number, s: SampleStatus): void {
    this.status[i] = s;
    fs.writeSync(this.statusFd, this.status, i, 1, i);
  }

  /** Reads sample `i` into `out` (length sampleSize × bytes per value) and returns it. */
  read(i: number, out: Buffer): Buffer {
    fs.readSync(this.fd, out, 0, this.bytesPerSample, i * this.bytesPerSample);
    return out;
  }

  close(): void {
    fs.closeSync(this.fd);
    fs.closeSync(this.statusFd);
  }
}

function readErrors(file: string): Array<[number, string]> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Array<[number, string]>;
  } catch {
    return [];
  }
}
