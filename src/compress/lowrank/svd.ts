/**
 * Thin singular value decomposition by one-sided Jacobi rotations
 * (Hestenes): rotate pairs of columns of a working copy of A until all are
 * mutually orthogonal; the column norms are then the singular values, the
 * normalised columns U, and the accumulated rotations V. A = U · diag(s) · Vᵀ.
 */

export interface Svd {
  readonly rows: number;
  readonly cols: number;
  /** k = min(rows, cols) */
  readonly k: number;
  /** rows × k, row-major */
  readonly u: Float64Array;
  /** k values, descending */
  readonly s: Float64Array;
  /** cols × k, row-major */
  readonly v: Float64Array;
}

const MAX_SWEEPS = 60;
const EPS = 1e-15;

/** SVD of the row-major rows × cols matrix `a`. */
export function svd(a: ArrayLike<number>, rows: number, cols: number): Svd {
  if (a.length !== rows * cols || rows < 1 || cols < 1) {
    throw new Error(`svd: expected ${rows}×${cols} values, got ${a.length}`);
  }
  if (rows < cols) {
    // A = U S Vᵀ ⇔ Aᵀ = V S Uᵀ
    const t = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c] ?? 0;
    const d = jacobiTall(t, cols, rows);
    return { rows, cols, k: d.k, u: d.v, s: d.s, v: d.u };
  }
  return jacobiTall(Float64Array.from(a), rows, cols);
}

/** One-sided Jacobi on a tall (rows ≥ cols) matrix, working column-major. */
function jacobiTall(a: Float64Array, rows: number, cols: number): Svd {
  // column-major working copy: col j at w[j*rows .. j*rows+rows)
  const w = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) w[c * rows + r] = a[r * cols + c] ?? 0;
  const vt = new Float64Array(cols * cols); // column-major V
  for (let j = 0; j < cols; j++) vt[j * cols + j] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        const po = p * rows;
        const qo = q * rows;
        for (let r = 0; r < rows; r++) {
          const x = w[po + r] ?? 0;
          const y = w[qo + r] ?? 0;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(w, po, qo, rows, c, s);
        rotate(vt, p * cols, q * cols, cols, c, s);
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let n2 = 0;
    for (let r = 0; r < rows; r++) n2 += (w[j * rows + r] ?? 0) ** 2;
    norms[j] = Math.sqrt(n2);
  }
  const order = Array.from({ length: cols }, (_, j) => j).sort((x, y) => (norms[y] ?? 0) - (norms[x] ?? 0) || x - y);
  const u = new Float64Array(rows * cols);
  const s = new Float64Array(cols);
  const v = new Float64Array(cols * cols);
  order.forEach((j, k) => {
    const sigma = norms[j] ?? 0;
    s[k] = sigma;
    for (let r = 0; r < rows; r++) u[r * cols + k] = sigma > 0 ? (w[j * rows + r] ?? 0) / sigma : 0;
    for (let r = 0; r < cols; r++) v[r * cols + k] = vt[j * cols + r] ?? 0;
  });
  completeBasis(u, rows, cols, s);
  return { rows, cols, k: cols, u, s, v };
}

function rotate(m: Float64Array, po: number, qo: number, n: number, c: number, s: number): void {
  for (let r = 0; r < n; r++) {
    const x = m[po + r] ?? 0;
    const y = m[qo + r] ?? 0;
    m[po + r] = c * x - s * y;
    m[qo + r] = s * x + c * y;
  }
}

/**
 * Columns of U whose singular value is zero are left as zero vectors by the
 * rotations; replace them with unit vectors orthogonal to the others (Gram-
 * Schmidt over the standard basis) so U always has orthonormal columns.
 */
function completeBasis(u: Float64Array, rows: number, k: number, s: Float64Array): void {
  let e = 0;
  for (let j = 0; j < k; j++) {
    if ((s[j] ?? 0) > 0) continue;
    for (; e < rows; e++) {
      const cand = new Float64Array(rows);
      cand[e] = 1;
      for (let i = 0; i < k; i++) {
        if (i === j || ((s[i] ?? 0) === 0 && i > j)) continue;
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += (u[r * k + i] ?? 0) * (cand[r] ?? 0);
        for (let r = 0; r < rows; r++) cand[r] = (cand[r] ?? 0) - dot * (u[r * k + i] ?? 0);
      }
      const n = Math.sqrt(cand.reduce((acc, x) => acc + x * x, 0));
      if (n > 1e-8) {
        for (let r = 0; r < rows; r++) u[r * k + j] = (cand[r] ?? 0) / n;
        e++;
        break;
      }
    }
  }
}

/** U[:, :r] · diag(s[:r]) · V[:, :r]ᵀ, row-major rows × cols. */
export function reconstruct(d: Svd, r: number): Float64Array {
  const out = new Float64Array(d.rows * d.cols);
  for (let i = 0; i < d.rows; i++) {
    for (let j = 0; j < d.cols; j++) {
      let acc = 0;
      for (let t = 0; t < r; t++) acc += (d.u[i * d.k + t] ?? 0) * (d.s[t] ?? 0) * (d.v[j * d.k + t] ?? 0);
      out[i * d.cols + j] = acc;
    }
  }
  return out;
}
