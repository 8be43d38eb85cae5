// fixflow's own arbitrary-precision types, part 2: assignment of an exact
// value to a fixed-point type, quantization then overflow, exactly as the
// fixed-point contract (SEMANTICS.md) defines it for every mode pair.
#ifndef FIXFLOW_AP_CONVERT_H
#define FIXFLOW_AP_CONVERT_H

#include "fx_ap_words.h"

// The mode names of Vitis HLS, so emitted code spells them the vendor's way.
enum ap_q_mode { AP_RND, AP_RND_ZERO, AP_RND_MIN_INF, AP_RND_INF, AP_RND_CONV, AP_TRN, AP_TRN_ZERO };
enum ap_o_mode { AP_SAT, AP_SAT_ZERO, AP_SAT_SYM, AP_WRAP, AP_WRAP_SM };

namespace fx_ap {

// Largest code of a W-bit type: 2^(W-1) - 1 signed, 2^W - 1 unsigned.
FX_AP_INLINE void set_max(limb* out, int n, int w, bool is_signed) {
  for (int i = 0; i < n; ++i) out[i] = ~limb(0);
  fill_from(out, n, is_signed ? w - 1 : w, false);
}

// Smallest code of a signed W-bit type: -2^(W-1).
FX_AP_INLINE void set_min(limb* out, int n, int w) {
  for (int i = 0; i < n; ++i) out[i] = 0;
  fill_from(out, n, w - 1, true);
}

// True when a normalized signed W-bit value is the code -2^(W-1).
FX_AP_INLINE bool is_min_code(const limb* v, int n, int w) {
  return get_bit(v, n, w - 1, false) && !any_below(v, n, w - 1, false);
}

// The same as convert() below for one-limb operands and targets below 64
// bits, on native 128-bit integers. Returns false (doing nothing) when the
// case is outside its range.
template <ap_q_mode Q, ap_o_mode O>
FX_AP_INLINE bool convert_small(limb* out, int w, bool is_signed, limb in, bool neg, int shift) {
  __extension__ typedef __int128 sd;
  if (w >= 64 || shift > 64 || shift < -63 || (!neg && (in >> 63) != 0)) return false;
  const sd v = neg ? sd((long long)in) : sd(in);
  sd q;
  if (shift > 0) {
    q = v >> shift;  // floor
    if (Q != AP_TRN) {
      const sd rem = v - q * (sd(1) << shift);
      const bool half = ((rem >> (shift - 1)) & 1) != 0;
      const bool sticky = (rem & ((sd(1) << (shift - 1)) - 1)) != 0;
      bool up = false;
      switch (Q) {
        case AP_TRN_ZERO: up = neg && (half || sticky); break;
        case AP_RND: up = half; break;
        case AP_RND_ZERO: up = half && (sticky || neg); break;
        case AP_RND_MIN_INF: up = half && sticky; break;
        case AP_RND_INF: up = half && (sticky || !neg); break;
        case AP_RND_CONV: up = half && (sticky || (q & 1) != 0); break;
        case AP_TRN: break;
      }
      if (up) q += 1;
    }
  } else {
    q = v * (sd(1) << -shift);
  }
  const sd lo = is_signed ? -(sd(1) << (w - 1)) : sd(0);
  const sd hi = is_signed ? (sd(1) << (w - 1)) - 1 : (sd(1) << w) - 1;
  sd r;
  if (q >= lo && q <= hi) {
    r = (O == AP_SAT_SYM && is_signed && q == lo) ? lo + 1 : q;
  } else if (O == AP_WRAP) {
    const sd m = sd(1) << w;
    r = q & (m - 1);
    if (is_signed && r > hi) r -= m;
  } else if (O == AP_SAT_ZERO) {
    r = 0;
  } else if (q > hi) {
    r = hi;
  } else {
    r = (O == AP_SAT_SYM && is_signed) ? lo + 1 : lo;
  }
  out[0] = limb((long long)r);
  return true;
}

// out (NO limbs, a W-bit type with F fractional bits) = the value
// in * 2^-Fin (NI limbs, extension `neg`), with shift = Fin - F:
// quantize per Q (when shift > 0), then apply the overflow mode O.
template <int NO, int NI, ap_q_mode Q, ap_o_mode O>
FX_AP_INLINE void convert(limb* out, int w, bool is_signed, const limb* in, bool neg, int shift) {
  if (NO == 1 && NI == 1 && convert_small<Q, O>(out, w, is_signed, in[0], neg, shift)) return;
  const int NK = NI + NO + 1;
  limb q[NK];
  if (shift > 0) {
    shr_ext(q, NK, in, NI, shift, neg);  // floor
    if (Q != AP_TRN) {
      const bool half = get_bit(in, NI, shift - 1, neg);
      const bool sticky = any_below(in, NI, shift - 1, neg);
      bool up = false;
      switch (Q) {
        case AP_TRN_ZERO: up = neg && (half || sticky); break;
        case AP_RND: up = half; break;
        case AP_RND_ZERO: up = half && (sticky || neg); break;
        case AP_RND_MIN_INF: up = half && sticky; break;
        case AP_RND_INF: up = half && (sticky || !neg); break;
        case AP_RND_CONV: up = half && (sticky || (q[0] & 1u) != 0); break;
        case AP_TRN: break;
      }
      if (up) inc(q, NK);
    }
  } else {
    // Beyond W bits of left shift every nonzero value overflows and its low
    // W bits are zero, so capping the shift changes no result.
    const int k = -shift > w ? w : -shift;
    shl_ext(q, NK, in, NI, k, neg);
  }
  const bool qneg = top_neg(q, NK);
  const bool fits = is_signed ? bits_from_equal(q, NK, w - 1, qneg) : (!qneg && bits_from_equal(q, NK, w, false));
  if (fits || O == AP_WRAP) {
    for (int i = 0; i < NO; ++i) out[i] = q[i];
    normalize(out, NO, w, is_signed);
    if (O == AP_SAT_SYM && is_signed && is_min_code(out, NO, w)) inc(out, NO);
    return;
  }
  if (O == AP_SAT_ZERO) {
    for (int i = 0; i < NO; ++i) out[i] = 0;
    return;
  }
  // AP_SAT, AP_SAT_SYM
  if (!qneg) {
    set_max(out, NO, w, is_signed);
  } else if (!is_signed) {
    for (int i = 0; i < NO; ++i) out[i] = 0;
  } else {
    set_min(out, NO, w);
    if (O == AP_SAT_SYM) inc(out, NO);
  }
}

}  // namespace fx_ap

#endif  // FIXFLOW_AP_CONVERT_H
