/** Class predictions and confusion matrices. */
import { CompileError } from '../../core/diagnostics.js';

/** Index of the first maximum of each row of a row-major rows × cols array (numbers or BigInt codes). */
export function argmaxClasses(values: ArrayLike<number | bigint>, rows: number, cols: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let m = values[r * cols];
    for (let c = 1; c < cols; c++) {
      const v = values[r * cols + c];
      if (v !== undefined && m !== undefined && v > m) {
        m = v;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}

/** The predicted class of each row of model outputs (e.g. tfjsPredict or evaluateGraph results). */
export function classesFromScores(scores: readonly (readonly number[])[]): Int32Array {
  const cols = scores[0]?.length ?? 0;
  return argmaxClasses(scores.flat(), scores.length, cols);
}

function checkClass(v: number | undefined, classes: number, field: string, i: number): number {
  if (v === undefined || !Number.isInteger(v) || v < 0 || v >= classes) {
    throw new CompileError('FF014', `${field}[${i}] is ${String(v)}, not a class index in 0..${classes - 1}`, { field });
  }
  return v;
}

/** counts[true][predicted]; every entry of `truth` and `pred` must be a class index. */
export function confusionMatrix(truth: ArrayLike<number>, pred: ArrayLike<number>, classes: number, fields = { truth: 'labels', pred: 'predictions' }): number[][] {
  if (truth.length !== pred.length) {
    throw new CompileError('FF014', `${truth.length} ${fields.truth} but ${pred.length} ${fields.pred}`, { field: fields.pred });
  }
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = checkClass(truth[i], classes, fields.truth, i);
    const p = checkClass(pred[i], classes, fields.pred, i);
    const row = m[t] as number[];
    row[p] = (row[p] ?? 0) + 1;
  }
  return m;
}

/** Fraction of matching entries. */
export function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / Math.max(1, a.length);
}

/** Fraction of the diagonal in a confusion matrix. */
export function accuracyOf(confusion: readonly (readonly number[])[]): number {
  let ok = 0;
  let all = 0;
  confusion.forEach((row, t) => row.forEach((c, p) => ((all += c), t === p && (ok += c))));
  return ok / Math.max(1, all);
}
