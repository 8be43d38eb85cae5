/**
 * Canonical polyadic (CP) decomposition of a dense N-way tensor by
 * alternating least squares: T ≈ Σ_r Π_n F_n[i_n][r]. Each sweep solves
 * every factor in turn from the others,
 *   F_n = T_(n) · KhatriRao(F_m, m ≠ n) · (⊙_{m≠n} F_mᵀF_m)⁻¹,
 * starting from the leading singular vectors of each unfolding (HOSVD;
 * columns beyond a mode's size from a seeded generator). At the end the
 * columns are balanced (each factor's column r gets λ_r^(1/N)) so the
 * factors have alike ranges, which suits fixed point.
 *
 * Rank at or above the product of all but the largest dimension has an exact
 * decomposition, built directly: one term per index of the smaller modes,
 * unit vectors there and the tensor's fiber in the largest mode.
 */
import { svd } from './svd.js';

export interface Cp {
  readonly rank: number;
  /** per mode, dims[n] × rank, row-major */
  readonly factors: readonly Float64Array[];
}

export interface CpOptions {
  readonly maxSweeps?: number;
  /** stop when the relative error changes by less than this between sweeps */
  readonly tolerance?: number;
  readonly seed?: number;
}

function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let n = dims.length - 2; n >= 0; n--) s[n] = (s[n + 1] ?? 1) * (dims[n + 1] ?? 1);
  return s;
}

/** The rank at which an exact decomposition is built directly. */
export function exactCpRank(dims: readonly number[]): number {
  const largest = Math.max(...dims);
  return dims.reduce((a, b) => a * b, 1) / largest;
}

function exactCp(t: ArrayLike<number>, dims: readonly number[]): Cp {
  const big = dims.indexOf(Math.max(...dims));
  const rank = exactCpRank(dims);
  const st = strides(dims);
  const factors = dims.map((d) => new Float64Array(d * rank));
  const others = dims.map((_, n) => n).filter((n) => n !== big);
  for (let r = 0; r < rank; r++) {
    // r enumerates the indices of the other modes, last mode fastest
    let rest = r;
    let base = 0;
    for (let k = others.length - 1; k >= 0; k--) {
      const n = others[k] ?? 0;
      const i = rest % (dims[n] ?? 1);
      rest = Math.floor(rest / (dims[n] ?? 1));
      (factors[n] as Float64Array)[i * rank + r] = 1;
      base += i * (st[n] ?? 0);
    }
    const fb = factors[big] as Float64Array;
    for (let i = 0; i < (dims[big] ?? 0); i++) fb[i * rank + r] = t[base + i * (st[big] ?? 0)] ?? 0;
  }
  return balance({ rank, factors }, dims);
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mode-n unfolding: dims[n] × (product of the others), other modes in order. */
function unfold(t: ArrayLike<number>, dims: readonly number[], n: number): Float64Array {
  const total = dims.reduce((a, b) => a * b, 1);
  const dn = dims[n] ?? 1;
  const cols = total / dn;
  const st = strides(dims);
  const out = new Float64Array(total);
  for (let lin = 0; lin < total; lin++) {
    const i = Math.floor(lin / (st[n] ?? 1)) % dn;
    const before = Math.floor(lin / ((st[n] ?? 1) * dn));
    const after = lin % (st[n] ?? 1);
    out[i * cols + before * (st[n] ?? 1) + after] = t[lin] ?? 0;
  }
  return out;
}

/** Solve X · V = M for X (V symmetric R × R), rows of M independent; Gaussian elimination with pivoting on a ridge-regularised V. */
function solveRows(v: Float64Array, m: Float64Array, rows: number, R: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < R; i++) trace += v[i * R + i] ?? 0;
  const a = Float64Array.from(v);
  for (let i = 0; i < R; i++) a[i * R + i] = (a[i * R + i] ?? 0) + 1e-13 * (trace / R + 1e-300);
  // right-hand sides as columns: solve V · xᵀ = mᵀ
  const b = new Float64Array(R * rows);
  for (let i = 0; i < rows; i++) for (let r = 0; r < R; r++) b[r * rows + i] = m[i * R + r] ?? 0;
  for (let col = 0; col < R; col++) {
    let p = col;
    for (let r = col + 1; r < R; r++) if (Math.abs(a[r * R + col] ?? 0) > Math.abs(a[p * R + col] ?? 0)) p = r;
    if (p !== col) {
      for (let k = 0; k < R; k++) [a[col * R + k], a[p * R + k]] = [a[p * R + k] ?? 0, a[col * R + k] ?? 0];
      for (let k = 0; k < rows; k++) [b[col * rows + k], b[p * rows + k]] = [b[p * rows + k] ?? 0, b[col * rows + k] ?? 0];
    }
    const piv = a[col * R + col] ?? 0;
    if (piv === 0) continue;
    for (let r = col + 1; r < R; r++) {
      const f = (a[r * R + col] ?? 0) / piv;
      if (f === 0) continue;
      for (let k = col; k < R; k++) a[r * R + k] = (a[r * R + k] ?? 0) - f * (a[col * R + k] ?? 0);
      for (let k = 0; k < rows; k++) b[r * rows + k] = (b[r * rows + k] ?? 0) - f * (b[col * rows + k] ?? 0);
    }
  }
  const x = new Float64Array(rows * R);
  for (let col = R - 1; col >= 0; col--) {
    const piv = a[col * R + col] ?? 0;
    for (let k = 0; k < rows; k++) {
      let s = b[col * rows + k] ?? 0;
      for (let j = col + 1; j < R; j++) s -= (a[col * R + j] ?? 0) * (x[k * R + j] ?? 0);
      x[k * R + col] = piv === 0 ? 0 : s / piv;
    }
  }
  return x;
}

/** Σ_r Π_n F_n[i_n][r] at every index, row-major over dims. */
export function cpReconstruct(cp: Cp, dims: readonly number[]): Float64Array {
  const total = dims.reduce((a, b) => a * b, 1);
  const st = strides(dims);
  const out = new Float64Array(total);
  for (let lin = 0; lin < total; lin++) {
    let s = 0;
    for (let r = 0; r < cp.rank; r++) {
      let p = 1;
      for (let n = 0; n < dims.length; n++) p *= cp.factors[n]?.[(Math.floor(lin / (st[n] ?? 1)) % (dims[n] ?? 1)) * cp.rank + r] ?? 0;
      s += p;
    }
    out[lin] = s;
  }
  return out;
}

function balance(cp: Cp, dims: readonly number[]): Cp {
  const N = dims.length;
  const factors = cp.factors.map((f) => Float64Array.from(f));
  for (let r = 0; r < cp.rank; r++) {
    const norms = factors.map((f, n) => {
      let s = 0;
      for (let i = 0; i < (dims[n] ?? 0); i++) s += (f[i * cp.rank + r] ?? 0) ** 2;
      return Math.sqrt(s);
    });
    const lambda = norms.reduce((a, b) => a * b, 1);
    if (lambda === 0) {
      for (const f of factors) for (let i = 0; i < f.length / cp.rank; i++) f[i * cp.rank + r] = 0;
      continue;
    }
    const target = lambda ** (1 / N);
    factors.forEach((f, n) => {
      const k = target / (norms[n] ?? 1);
      for (let i = 0; i < (dims[n] ?? 0); i++) f[i * cp.rank + r] = (f[i * cp.rank + r] ?? 0) * k;
    });
  }
  return { rank: cp.rank, factors };
}

export function cpAls(t: ArrayLike<number>, dims: readonly number[], rank: number, opts: CpOptions = {}): Cp {
  if (rank >= exactCpRank(dims)) return exactCp(t, dims);
  const N = dims.length;
  const total = dims.reduce((a, b) => a * b, 1);
  const st = strides(dims);
  const rand = mulberry(opts.seed ?? 1);
  const factors: Float64Array[] = dims.map((d, n) => {
    const f = new Float64Array(d * rank);
    const x = unfold(t, dims, n);
    const s = svd(x, d, total / d);
    for (let i = 0; i < d; i++) for (let r = 0; r < rank; r++) f[i * rank + r] = r < s.k && (s.s[r] ?? 0) > 0 ? (s.u[i * s.k + r] ?? 0) : rand() - 0.5;
    return f;
  });
  let norm2 = 0;
  for (let i = 0; i < total; i++) norm2 += (t[i] ?? 0) ** 2;
  let lastErr = Infinity;
  const maxSweeps = opts.maxSweeps ?? 500;
  const tol = opts.tolerance ?? 1e-10;
  const idx = new Int32Array(N);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    for (let n = 0; n < N; n++) {
      const dn = dims[n] ?? 1;
      const m = new Float64Array(dn * rank);
      const prod = new Float64Array(rank);
      for (let lin = 0; lin < total; lin++) {
        const x = t[lin] ?? 0;
        if (x === 0) continue;
        for (let k = 0; k < N; k++) idx[k] = Math.floor(lin / (st[k] ?? 1)) % (dims[k] ?? 1);
        prod.fill(x);
        for (let k = 0; k < N; k++) {
          if (k === n) continue;
          const f = factors[k] as Float64Array;
          const row = (idx[k] ?? 0) * rank;
          for (let r = 0; r < rank; r++) prod[r] = (prod[r] ?? 0) * (f[row + r] ?? 0);
        }
        const row = (idx[n] ?? 0) * rank;
        for (let r = 0; r < rank; r++) m[row + r] = (m[row + r] ?? 0) + (prod[r] ?? 0);
      }
      const v = new Float64Array(rank * rank).fill(1);
      for (let k = 0; k < N; k++) {
        if (k === n) continue;
        const f = factors[k] as Float64Array;
        for (let a = 0; a < rank; a++) {
          for (let b = 0; b < rank; b++) {
            let s = 0;
            for (let i = 0; i < (dims[k] ?? 0); i++) s += (f[i * rank + a] ?? 0) * (f[i * rank + b] ?? 0);
            v[a * rank + b] = (v[a * rank + b] ?? 0) * s;
          }
        }
      }
      factors[n] = solveRows(v, m, dn, rank);
    }
    const rec = cpReconstruct({ rank, factors }, dims);
    let e2 = 0;
    for (let i = 0; i < total; i++) e2 += ((t[i] ?? 0) - (rec[i] ?? 0)) ** 2;
    const err = norm2 === 0 ? 0 : Math.sqrt(e2 / norm2);
    if (Math.abs(lastErr - err) < tol) break;
    lastErr = err;
  }
  return balance({ rank, factors }, dims);
}
