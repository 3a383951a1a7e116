// Axis tick labels with the decimals their spacing needs: uPlot's defaults can print two ticks of a
// narrow range alike ("0.004, 0.004" on an MMD² axis), which reads as a broken chart.

/**
 * The fewest digits from `least` (and at most three more) at which `format` gives every value
 * back within a millionth of the spacing: a spacing of 0.25 needs two decimals, not one.
 */
function fewestExact(
  values: number[],
  spacing: number,
  least: number,
  format: (v: number, digits: number) => string,
): string[] {
  for (let digits = least; digits <= least + 3; digits++) {
    const labels = values.map((v) => format(v, digits));
    if (labels.every((l, i) => Math.abs(Number(l) - values[i]) <= spacing * 1e-6)) return labels;
  }
  return values.map((v) => format(v, least));
}

/**
 * Labels for evenly spaced tick values (a linear axis): every tick gets as many decimals as the
 * spacing needs, the same for all, so distinct values never read alike and columns line up;
 * very small or very large ones in exponent form.
 */
export function linearTickLabels(values: number[]): string[] {
  if (values.length === 0) return [];
  let spacing = Infinity;
  for (let i = 1; i < values.length; i++) {
    const d = Math.abs(values[i] - values[i - 1]);
    if (d > 0) spacing = Math.min(spacing, d);
  }
  if (!Number.isFinite(spacing)) return values.map((v) => String(Number(v.toPrecision(4))));
  const largest = Math.max(...values.map(Math.abs));
  const decimals = Math.max(0, Math.ceil(-Math.log10(spacing) - 1e-9));
  if (largest < 1e7 && decimals <= 6)
    return fewestExact(values, spacing, decimals, (v, d) => (Object.is(v, -0) ? 0 : v).toFixed(d));
  // Significant digits from the largest tick's down to the spacing's.
  const digits = Math.max(1, Math.floor(Math.log10(largest)) - Math.floor(Math.log10(spacing)) + 1);
  return fewestExact(values, spacing, digits, (v, d) => (v === 0 ? '0' : v.toExponential(Math.min(20, d) - 1)));
}

/** Labels for a log axis (1, 2, 5, 10, ...): each value's own short form. uPlot passes null for
 * the ticks it leaves unlabelled where they would crowd (a log axis over a narrow range). */
export function logTickLabels(values: Array<number | null>): string[] {
  return values.map((v) => (v == null ? '' : String(Number(v.toPrecision(3)))));
}
