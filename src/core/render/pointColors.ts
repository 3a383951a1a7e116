// The colours of the 2-D preview, one set for the dashboard's canvas and the saved PNGs: the
// discriminator's output from purple (judged fake, 0) through grey (undecided) to green (judged
// real, 1), as GAN Lab draws it; real points light grey, generated ones orange. Pure.

export type Rgb = [number, number, number];

const FAKE_END: Rgb = [120, 50, 120];
const REAL_END: Rgb = [60, 140, 80];

/** The heat map's colour where the discriminator outputs `v` (its sigmoid, 0 to 1). */
export function judgedColor(v: number): Rgb {
  const t = Math.max(0, Math.min(1, Number.isFinite(v) ? v : 0.5));
  return [0, 1, 2].map((i) => Math.round(FAKE_END[i] + (REAL_END[i] - FAKE_END[i]) * t)) as Rgb;
}

export const REAL_POINT: Rgb = [220, 220, 220];
export const FAKE_POINT: Rgb = [255, 140, 0];
