// TensorBoard's scalar smoothing: an exponential moving average with debiasing, so the first points
// are not pulled toward zero. Pure.

/**
 * Smooths `values` with weight `w` in [0, 1): 0 returns them as they are. Non-finite values pass
 * through unsmoothed and do not disturb the average, as in TensorBoard.
 */
export function smoothDebiased(values: ArrayLike<number | null | undefined>, w: number): Array<number | null> {
  const out: Array<number | null> = new Array(values.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      out[i] = v === undefined ? null : (v as number | null);
      continue;
    }
    last = last * w + (1 - w) * v;
    n++;
    const debias = w === 1 ? 1 : 1 - Math.pow(w, n);
    out[i] = last / debias;
  }
  return out;
}
