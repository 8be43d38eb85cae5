/**
 * The overflow histogram of one cast point: the exact values before the
 * cast, binned by sign and binary exponent on a symmetric-log axis
 * (−2^e … −2^lsb, 0, 2^lsb … 2^e), against the cast type's range (green
 * band, limits as dashed lines) and its LSB (grey band: values there lose all
 * their bits but the sign). Bar heights are log-scaled so a single
 * overflowing value stays visible; every bar's tooltip holds its exact count.
 */
import { exponentOf, type HistogramBin, type TensorProfile, type ValueHistogram } from '../../../sim/profile.js';
import { parseType } from '../../fixed/fixed-type.js';
import { escapeHtml } from './escape-html.js';
import { formatCount, formatLimit, powerOfTwo } from './number-format.js';
import { COLORS } from './palette.js';
import { line, rect, svgDocument, text } from './svg-elements.js';

export type BinStatus = 'in' | 'edge' | 'out';

export interface PlotBin {
  /** −1 negative, 0 the zero bin, 1 positive */
  readonly sign: -1 | 0 | 1;
  readonly exp: number;
  readonly count: number;
  readonly status: BinStatus;
  /** the bin also holds every smaller magnitude (the axis was cut on the left) */
  readonly merged: boolean;
}

export interface HistogramLayout {
  /** left to right: negative bins by descending magnitude, zero, positive bins by ascending magnitude */
  readonly bins: readonly PlotBin[];
  readonly lsbExp: number;
  /** the type's positive limit lies above the plotted bins */
  readonly rangeBeyond: boolean;
}

/** Most exponents per side; smaller magnitudes are merged into the lowest bin. */
const MAX_SIDE = 36;
/** Empty exponents shown above the largest value when the type's range reaches much further. */
const HEADROOM = 2;

/** Where a bin of exact values lies against the range [min, max] of a type with LSB 2^lsbExp. */
export function binStatus(sign: -1 | 0 | 1, exp: number, min: number, max: number, lsbExp: number): BinStatus {
  if (sign === 0) return min <= 0 && max >= 0 ? 'in' : 'out';
  const inner = 2 ** exp;
  const outer = 2 ** (exp + 1);
  if (sign > 0) {
    if (inner > max) return 'out';
    return outer <= max + 2 ** lsbExp && inner >= min ? 'in' : 'edge';
  }
  if (-inner < min) return 'out';
  return -outer >= min && -inner <= max ? 'in' : 'edge';
}

/** Choose the plotted bins of a histogram against a type's range. */
export function histogramLayout(h: ValueHistogram, typeMin: number, typeMax: number): HistogramLayout {
  const exps = [...h.positive, ...h.negative].filter((b) => b.count > 0).map((b) => b.exp);
  const limits: number[] = [];
  if (typeMax > 0) limits.push(exponentOf(typeMax) + 1);
  if (typeMin < 0) limits.push(exponentOf(-typeMin));
  const obsHi = exps.length > 0 ? Math.max(...exps) : -Infinity;
  const limitHi = limits.length > 0 ? Math.max(...limits) : -Infinity;
  let hi = Math.max(obsHi, limitHi, h.lsbExp);
  let rangeBeyond = false;
  if (exps.length > 0 && limitHi > obsHi + HEADROOM + 1) {
    hi = Math.max(obsHi + HEADROOM, h.lsbExp);
    rangeBeyond = true;
  }
  let lo = Math.min(h.lsbExp, ...exps);
  const cut = hi - lo + 1 > MAX_SIDE;
  if (cut) lo = hi - MAX_SIDE + 1;
  const side = (sign: -1 | 1, src: readonly HistogramBin[]): PlotBin[] => {
    const counts = new Map<number, number>();
    for (const b of src) {
      const e = Math.min(hi, Math.max(lo, b.exp));
      counts.set(e, (counts.get(e) ?? 0) + b.count);
    }
    const out: PlotBin[] = [];
    for (let e = lo; e <= hi; e++) {
      out.push({ sign, exp: e, count: counts.get(e) ?? 0, status: binStatus(sign, e, typeMin, typeMax, h.lsbExp), merged: cut && e === lo });
    }
    return out;
  };
  const zero: PlotBin = { sign: 0, exp: 0, count: h.zero, status: binStatus(0, 0, typeMin, typeMax, h.lsbExp), merged: false };
  const negative = h.negative.some((b) => b.count > 0) ? side(-1, h.negative).reverse() : [];
  return { bins: [...negative, zero, ...side(1, h.positive)], lsbExp: h.lsbExp, rangeBeyond };
}

function binLabel(b: PlotBin): string {
  if (b.sign === 0) return '0';
  return (b.sign < 0 ? '−' : '') + powerOfTwo(b.exp);
}

function binTip(b: PlotBin): string {
  const n = `${formatCount(b.count)} value${b.count === 1 ? '' : 's'}`;
  const where = b.status === 'out' ? ', out of range' : b.status === 'edge' ? ', partly out of range' : '';
  if (b.sign === 0) return `v = 0: ${n}`;
  const lo = powerOfTwo(b.exp);
  const hi = powerOfTwo(b.exp + 1);
  const range = b.sign > 0 ? `${b.merged ? '0 < v' : `${lo} ≤ v`} < ${hi}` : `−${hi} < v ${b.merged ? '< 0' : `≤ −${lo}`}`;
  return `${range}: ${n}${where}`;
}

function tickLabel(c: number): string {
  if (c >= 1e6) return `${c / 1e6}M`;
  if (c >= 1e3) return `${c / 1e3}k`;
  return String(c);
}

/**
 * The smallest value of the cast's type. A profile states a type's range as
 * [min code, max code], but under SAT_SYM the most negative code is itself
 * an overflow (SEMANTICS.md), so the range the histogram marks is [−max, max].
 */
export function rangeMin(p: TensorProfile): number {
  try {
    const t = parseType(p.type);
    return t.signed && t.overflow === 'SAT_SYM' ? -p.typeMax : p.typeMin;
  } catch {
    return p.typeMin;
  }
}

const BAR_COLOR: Readonly<Record<BinStatus, string>> = { in: COLORS.inRange, edge: COLORS.edge, out: COLORS.overflow };

/** The histogram of one profile entry as inline SVG. */
export function histogramSvg(p: TensorProfile): string {
  const title = `${p.source} (${p.layer}), ${p.tensor}: values before the cast to ${p.type}`;
  const attrs = `data-layer="${escapeHtml(p.layer)}" data-tensor="${escapeHtml(p.tensor)}" data-overflows="${p.overflows}"`;
  const h = p.histogram;
  if (!h || p.count === 0) {
    const msg = p.count === 0 ? 'no values were cast here' : 'no histogram in this profile';
    return svgDocument({ width: 300, height: 40, cls: 'plot hist empty', title, attrs, body: [text({ x: 8, y: 24, text: msg, fill: COLORS.axis, size: 12 })] });
  }
  const typeMin = rangeMin(p);
  const layout = histogramLayout(h, typeMin, p.typeMax);
  const bins = layout.bins;
  const padL = 40;
  const padR = 12;
  const top = 24;
  const plotH = 110;
  const bottom = 26;
  const bw = Math.min(22, 540 / bins.length);
  const width = padL + bins.length * bw + padR;
  const height = top + plotH + bottom;
  const base = top + plotH;
  const maxC = Math.max(1, ...bins.map((b) => b.count));
  const scale = Math.log10(1 + maxC);
  const y = (c: number): number => base - (plotH * Math.log10(1 + c)) / scale;
  const x = (i: number): number => padL + i * bw;
  const body: string[] = [];

  // bands: the type's range (bins entirely in range, and zero), then the LSB zone
  const inIdx = bins.map((b, i) => (b.status === 'in' ? i : -1)).filter((i) => i >= 0);
  const first = inIdx.length > 0 ? Math.min(...inIdx) : -1;
  const last = inIdx.length > 0 ? Math.max(...inIdx) : -1;
  if (first >= 0) body.push(rect({ x: x(first), y: top, w: x(last + 1) - x(first), h: plotH, fill: COLORS.rangeBand, cls: 'range-band' }));
  const lsbIdx = bins.map((b, i) => (b.sign === 0 || b.exp < layout.lsbExp ? i : -1)).filter((i) => i >= 0);
  if (lsbIdx.length > 1) {
    const a = Math.min(...lsbIdx);
    const b = Math.max(...lsbIdx);
    body.push(rect({ x: x(a), y: top, w: x(b + 1) - x(a), h: plotH, fill: COLORS.lsbBand, cls: 'lsb-band', tip: `below the LSB ${powerOfTwo(layout.lsbExp)}` }));
  }

  // y grid and ticks at powers of ten
  for (let c = 1; c <= maxC; c *= 10) {
    body.push(line(padL, y(c), width - padR, y(c), COLORS.grid));
    body.push(text({ x: padL - 4, y: y(c) + 3, text: tickLabel(c), anchor: 'end', size: 9, fill: COLORS.axis }));
  }

  bins.forEach((b, i) => {
    if (b.count === 0) return;
    const fill = b.sign === 0 ? COLORS.zero : BAR_COLOR[b.status];
    body.push(rect({ x: x(i) + 0.5, y: y(b.count), w: bw - 1, h: base - y(b.count), fill, cls: `bar ${b.status}`, tip: binTip(b) }));
  });

  // range limits
  if (first >= 0) {
    const lx = x(first);
    const rx = layout.rangeBeyond && bins[last]?.sign === 1 ? null : x(last + 1);
    const minText = `min ${formatLimit(typeMin)}`;
    if (bins[0]?.sign === 0 && typeMin < 0) {
      // no negative values were seen, so the negative half is not drawn
      body.push(text({ x: padL, y: top - 8, text: `← ${minText}`, size: 10, fill: COLORS.overflow }));
    } else {
      body.push(line(lx, top - 4, lx, base, COLORS.overflow, true));
      const minRight = lx - minText.length * 5.5 < 2;
      body.push(text({ x: minRight ? lx + 3 : lx - 3, y: top - 8, text: minText, anchor: minRight ? 'start' : 'end', size: 10, fill: COLORS.overflow }));
    }
    if (rx !== null) {
      body.push(line(rx, top - 4, rx, base, COLORS.overflow, true));
      const maxText = `max ${formatLimit(p.typeMax)}`;
      const maxLeft = rx + maxText.length * 5.5 > width - 2;
      body.push(text({ x: maxLeft ? rx - 3 : rx + 3, y: top - 8, text: maxText, anchor: maxLeft ? 'end' : 'start', size: 10, fill: COLORS.overflow }));
    } else {
      body.push(text({ x: width - padR, y: top - 8, text: `max ${formatLimit(p.typeMax)} →`, anchor: 'end', size: 10, fill: COLORS.overflow }));
    }
  }

  // x axis: label the zero bin and every `stride`-th bin from it
  body.push(line(padL, base, width - padR, base, COLORS.axis));
  const zeroAt = bins.findIndex((b) => b.sign === 0);
  const stride = Math.max(1, Math.ceil(34 / bw));
  bins.forEach((b, i) => {
    if ((i - zeroAt) % stride !== 0) return;
    const cx = x(i) + bw / 2;
    body.push(line(cx, base, cx, base + 3, COLORS.axis));
    body.push(text({ x: cx, y: base + 14, text: binLabel(b), anchor: 'middle', size: 9, fill: COLORS.axis }));
  });
  body.push(text({ x: 10, y: top + plotH / 2, text: 'count', size: 9, fill: COLORS.axis, rotate: -90, anchor: 'middle' }));
  return svgDocument({ width, height, cls: 'plot hist', title, attrs, body });
}

/** Legend shared by all histograms (HTML). */
export function histogramLegend(): string {
  const item = (color: string, label: string): string =>
    `<span class="key"><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${color}"/></svg> ${escapeHtml(label)}</span>`;
  return `<p class="legend">${[
    item(COLORS.inRange, 'in range'),
    item(COLORS.edge, 'partly out of range'),
    item(COLORS.overflow, 'overflows the type'),
    item(COLORS.zero, 'exact zeros'),
    item(COLORS.rangeBand, "type's range"),
    item(COLORS.lsbBand, 'below the LSB'),
  ].join(' ')}</p><p class="note">Bins by sign and binary exponent: the bar at ${escapeHtml(powerOfTwo(3))} counts values ${escapeHtml(
    `${powerOfTwo(3)} ≤ v < ${powerOfTwo(4)}`,
  )}; heights are logarithmic; hover a bar for its exact count.</p>`;
}

