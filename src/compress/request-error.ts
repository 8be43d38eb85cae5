/**
 * Every invalid compression request (ratio or rank out of range, a layer
 * pruned to nothing, calibration data of the wrong shape, mismatched
 * teacher/student) is a CompileError FF019 naming the layer and field.
 */
import { CompileError } from '../core/diagnostics.js';

export function invalidRequest(message: string, layer?: string, field?: string): CompileError {
  const loc: { layer?: string; field?: string } = {};
  if (layer !== undefined) loc.layer = layer;
  if (field !== undefined) loc.field = field;
  return new CompileError('FF019', message, loc);
}

/** A number in [lo, hi] (closed unless `open` says which end is open). */
export function checkRange(
  value: number,
  lo: number,
  hi: number,
  field: string,
  layer?: string,
  open: { lo?: boolean; hi?: boolean } = {},
): void {
  const okLo = open.lo === true ? value > lo : value >= lo;
  const okHi = open.hi === true ? value < hi : value <= hi;
  if (!Number.isFinite(value) || !okLo || !okHi) {
    const l = open.lo === true ? '(' : '[';
    const h = open.hi === true ? ')' : ']';
    throw invalidRequest(`${field} must be in ${l}${lo}, ${hi}${h}, got ${value}`, layer, field);
  }
}

export function checkInteger(value: number, lo: number, hi: number, field: string, layer?: string): void {
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw invalidRequest(`${field} must be an integer in [${lo}, ${hi}], got ${value}`, layer, field);
  }
}
