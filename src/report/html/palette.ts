/** The report's colours, in one place (colour-blind-safe pairs from the Okabe–Ito set). */
export const COLORS = {
  ink: '#222222',
  axis: '#666666',
  grid: '#dddddd',
  /** in-range histogram bars, the fixed-point series */
  inRange: '#0072b2',
  /** bars that are partly out of the type's range */
  edge: '#e69f00',
  /** overflowing bars, range limits */
  overflow: '#d55e00',
  zero: '#56b4e9',
  /** band of the type's representable range */
  rangeBand: '#e8f4ea',
  /** band below the type's LSB */
  lsbBand: '#eeeeee',
  float: '#999999',
  fixed: '#0072b2',
  agreement: '#009e73',
  estimate: '#cc79a7',
  yosys: '#0072b2',
} as const;

/** Heat-map colour for a value in [0, 1]: white to dark blue, linear in RGB. */
export function heat(t: number): string {
  const c = Math.min(1, Math.max(0, t));
  const lo = [255, 255, 255];
  const hi = [8, 48, 107];
  const ch = (i: number): string => Math.round((lo[i] ?? 0) + ((hi[i] ?? 0) - (lo[i] ?? 0)) * c).toString(16).padStart(2, '0');
  return `#${ch(0)}${ch(1)}${ch(2)}`;
}
