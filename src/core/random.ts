// A small seeded random source, so data, noise and weights repeat exactly under one seed. Pure.

/** Everything a stream needs to go on exactly where it was (saved in checkpoints). */
export interface RandomState {
  state: number;
  spareNormal?: number;
}

export function isRandomState(x: unknown): x is RandomState {
  const r = x as RandomState;
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isInteger(r.state) &&
    (r.spareNormal === undefined || typeof r.spareNormal === 'number')
  );
}

/** Mulberry32: a fast 32-bit generator with good statistical quality for simulation use. */
export class SeededRandom {
  private state: number;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by the Box-Muller transform (uses both values it makes). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fills `out` with N(0, 1) or U(-1, 1) values. */
  fill(out: Float32Array, distribution: 'normal' | 'uniform'): Float32Array {
    if (distribution === 'normal') for (let i = 0; i < out.length; i++) out[i] = this.normal();
    else for (let i = 0; i < out.length; i++) out[i] = this.next() * 2 - 1;
    return out;
  }

  /** Where the stream is now; `setState` of it continues with exactly the draws that follow. */
  getState(): RandomState {
    return this.spareNormal === undefined
      ? { state: this.state }
      : { state: this.state, spareNormal: this.spareNormal };
  }

  setState(s: RandomState): void {
    this.state = s.state >>> 0;
    this.spareNormal = s.spareNormal;
  }

  /** A new independent seed drawn from this stream, for a sub-component (a layer, the data). */
  fork(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}
