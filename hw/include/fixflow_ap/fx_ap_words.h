// fixflow's own arbitrary-precision types, part 1: the multi-word integer
// arithmetic underneath ap_fixed / ap_int (see ap_fixed.h).
//
// A value of W bits is stored in NW = (W + 63) / 64 little-endian 64-bit
// limbs, two's complement, with the bits above W - 1 always holding the
// extension (copies of the sign bit when signed, zeros when unsigned). Every
// routine takes the extension of its operands explicitly (`neg`), so a value
// can be read as if it had any number of limbs.
//
// Only the GNU `unsigned __int128` extension is used (for 64x64->128 bit
// products); everything else is plain C++14.
#ifndef FIXFLOW_AP_WORDS_H
#define FIXFLOW_AP_WORDS_H

#include <stdint.h>

// Every routine here is small and called with constant sizes: force inlining
// so the compiler folds the loops (C simulation speed).
#define FX_AP_INLINE inline __attribute__((always_inline))

namespace fx_ap {

typedef uint64_t limb;
__extension__ typedef unsigned __int128 dlimb;

// Limb i of v (n limbs), reading past the end as the extension.
FX_AP_INLINE limb ext_limb(const limb* v, int n, int i, bool neg) {
  if (i < 0) return 0;
  if (i < n) return v[i];
  return neg ? ~limb(0) : limb(0);
}

// Bit k of v (k >= 0), reading past the end as the extension.
FX_AP_INLINE bool get_bit(const limb* v, int n, int k, bool neg) {
  if (k >= 64 * n) return neg;
  return ((v[k / 64] >> (k % 64)) & 1u) != 0;
}

FX_AP_INLINE void set_bit(limb* v, int k, bool b) {
  const limb m = limb(1) << (k % 64);
  if (b) {
    v[k / 64] |= m;
  } else {
    v[k / 64] &= ~m;
  }
}

// True when any of bits 0 .. m-1 of v is set.
FX_AP_INLINE bool any_below(const limb* v, int n, int m, bool neg) {
  if (m <= 0) return false;
  if (m > 64 * n && neg) return true;
  const int full = (m < 64 * n ? m : 64 * n) / 64;
  for (int i = 0; i < full; ++i) {
    if (v[i] != 0) return true;
  }
  const int rest = (m < 64 * n ? m : 64 * n) % 64;
  if (rest != 0 && (v[full] & ((limb(1) << rest) - 1)) != 0) return true;
  return false;
}

// out (no limbs) = floor(v / 2^s), s >= 0.
FX_AP_INLINE void shr_ext(limb* out, int no, const limb* v, int n, int s, bool neg) {
  const int q = s / 64;
  const int r = s % 64;
  for (int i = 0; i < no; ++i) {
    const limb lo = ext_limb(v, n, q + i, neg);
    if (r == 0) {
      out[i] = lo;
    } else {
      const limb hi = ext_limb(v, n, q + i + 1, neg);
      out[i] = (lo >> r) | (hi << (64 - r));
    }
  }
}

// out (no limbs) = v * 2^k modulo 2^(64 no), k >= 0.
FX_AP_INLINE void shl_ext(limb* out, int no, const limb* v, int n, int k, bool neg) {
  const int q = k / 64;
  const int r = k % 64;
  for (int i = 0; i < no; ++i) {
    const limb hi = ext_limb(v, n, i - q, neg && i - q >= 0);
    if (r == 0) {
      out[i] = hi;
    } else {
      const limb lo = ext_limb(v, n, i - q - 1, neg && i - q - 1 >= 0);
      out[i] = (hi << r) | (lo >> (64 - r));
    }
  }
}

// v += 1 modulo 2^(64 n).
FX_AP_INLINE void inc(limb* v, int n) {
  for (int i = 0; i < n; ++i) {
    v[i] += 1;
    if (v[i] != 0) return;
  }
}

// out = a + b, or a - b when `sub`, modulo 2^(64 n).
FX_AP_INLINE void add_sub(limb* out, const limb* a, const limb* b, int n, bool sub) {
  limb carry = sub ? 1 : 0;
  for (int i = 0; i < n; ++i) {
    const limb bi = sub ? ~b[i] : b[i];
    const dlimb s = dlimb(a[i]) + dlimb(bi) + dlimb(carry);
    out[i] = limb(s);
    carry = limb(s >> 64);
  }
}

// out = -v modulo 2^(64 n).
FX_AP_INLINE void negate(limb* out, const limb* v, int n) {
  for (int i = 0; i < n; ++i) out[i] = ~v[i];
  inc(out, n);
}

// out = a * b modulo 2^(64 n); a, b, out all n limbs (already extended);
// out must not alias a or b.
FX_AP_INLINE void mul(limb* out, const limb* a, const limb* b, int n) {
  for (int i = 0; i < n; ++i) out[i] = 0;
  for (int i = 0; i < n; ++i) {
    limb carry = 0;
    for (int j = 0; i + j < n; ++j) {
      const dlimb t = dlimb(a[i]) * dlimb(b[j]) + dlimb(out[i + j]) + dlimb(carry);
      out[i + j] = limb(t);
      carry = limb(t >> 64);
    }
  }
}

// True when bits pos .. 64n-1 of v all equal `b` (pos may be >= 64 n).
FX_AP_INLINE bool bits_from_equal(const limb* v, int n, int pos, bool b) {
  if (pos >= 64 * n) return true;
  if (pos < 0) pos = 0;
  const limb all = b ? ~limb(0) : limb(0);
  const int first = pos / 64;
  const int r = pos % 64;
  const limb mask = ~limb(0) << r;
  if ((v[first] & mask) != (all & mask)) return false;
  for (int i = first + 1; i < n; ++i) {
    if (v[i] != all) return false;
  }
  return true;
}

// Fill bits pos .. 64n-1 of v with b.
FX_AP_INLINE void fill_from(limb* v, int n, int pos, bool b) {
  if (pos >= 64 * n) return;
  const int first = pos / 64;
  const int r = pos % 64;
  const limb mask = ~limb(0) << r;
  v[first] = b ? (v[first] | mask) : (v[first] & ~mask);
  for (int i = first + 1; i < n; ++i) v[i] = b ? ~limb(0) : limb(0);
}

// Re-establish the storage invariant for a W-bit value.
FX_AP_INLINE void normalize(limb* v, int n, int w, bool is_signed) {
  const bool s = is_signed && get_bit(v, n, w - 1, false);
  fill_from(v, n, w, s);
}

// Sign of a stored value (the extension bit of its top limb).
FX_AP_INLINE bool top_neg(const limb* v, int n) { return (v[n - 1] >> 63) != 0; }

// Copy bits lo .. hi (inclusive) of src (extension `neg`) into bits
// dlo .. dlo + (hi - lo) of dst (nd limbs, which must hold them); the other
// bits of dst are kept.
FX_AP_INLINE void copy_bits(limb* dst, int nd, int dlo, const limb* src, int ns, int lo, int hi, bool neg) {
  const int len = hi - lo + 1;
  for (int i = dlo / 64; i < nd && i * 64 < dlo + len; ++i) {
    // bits [a, b) of this limb are written, from source bit lo + (i*64 + a - dlo)
    const int a = dlo > i * 64 ? dlo - i * 64 : 0;
    const int b = dlo + len < (i + 1) * 64 ? dlo + len - i * 64 : 64;
    const int from = lo + i * 64 + a - dlo;  // source bit landing on bit a
    limb chunk;
    const int q = from / 64;
    const int r = from % 64;
    if (r == 0) {
      chunk = ext_limb(src, ns, q, neg);
    } else {
      chunk = (ext_limb(src, ns, q, neg) >> r) | (ext_limb(src, ns, q + 1, neg) << (64 - r));
    }
    const limb mask = (b - a == 64 ? ~limb(0) : ((limb(1) << (b - a)) - 1)) << a;
    dst[i] = (dst[i] & ~mask) | ((chunk << a) & mask);
  }
}

}  // namespace fx_ap

#endif  // FIXFLOW_AP_WORDS_H
