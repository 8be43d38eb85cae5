// fixflow's own arbitrary-precision types, part 3: ap_fixed_base and the
// documented interface of Vitis HLS ap_fixed / ap_ufixed / ap_int / ap_uint
// that fixflow's emitted code and layer library use:
//   - construction and assignment from any other fixed-point or integer type
//     (quantization then overflow, every mode of SEMANTICS.md), from C
//     integers and from double (its exact binary value);
//   - full-precision a * b, a + b, a - b and -a with the vendor's result types;
//   - exact comparisons (also against int);
//   - bit slices x.range(hi, lo) / x.range() for raw-bit access;
//   - to_int(), to_uint(), to_int64(), to_uint64() (toward zero), to_double().
// Anything else is deliberately absent, so emitted code that strays from this
// subset fails to compile here instead of behaving differently under Vitis.
#ifndef FIXFLOW_AP_FIXED_BASE_H
#define FIXFLOW_AP_FIXED_BASE_H

#include <math.h>

#include "fx_ap_convert.h"

template <int _AP_W, int _AP_I, bool _AP_S = true, ap_q_mode _AP_Q = AP_TRN, ap_o_mode _AP_O = AP_WRAP, int _AP_N = 0>
struct ap_fixed_base;
template <int _AP_W, int _AP_I, ap_q_mode _AP_Q = AP_TRN, ap_o_mode _AP_O = AP_WRAP, int _AP_N = 0>
struct ap_fixed;
template <int _AP_W, int _AP_I, ap_q_mode _AP_Q = AP_TRN, ap_o_mode _AP_O = AP_WRAP, int _AP_N = 0>
struct ap_ufixed;
template <int _AP_W>
struct ap_int;
template <int _AP_W>
struct ap_uint;

namespace fx_ap {

template <int W, int I, bool S>
struct factory {
  typedef ap_fixed<W, I> type;
};
template <int W, int I>
struct factory<W, I, false> {
  typedef ap_ufixed<W, I> type;
};

inline int imax(int a, int b) { return a > b ? a : b; }

// A slice x.range(hi, lo) of a fixed-point value; Owner is its ap_fixed_base.
template <class Owner>
struct range_ref {
  Owner* owner;
  int hi;
  int lo;

  range_ref(Owner* o, int h, int l) : owner(o), hi(h), lo(l) {}
  range_ref(const range_ref& r) : owner(r.owner), hi(r.hi), lo(r.lo) {}

  int length() const { return hi - lo + 1; }

  // Write the low length() bits of an integer (sign- or zero-extended).
  range_ref& set_from(limb v, bool neg) {
    const limb src[1] = {v};
    copy_bits(owner->fx_v, Owner::fx_nw, lo, src, 1, 0, hi - lo, neg);
    owner->fx_fix();
    return *this;
  }
  range_ref& operator=(unsigned long long v) { return set_from(v, false); }
  range_ref& operator=(unsigned long v) { return set_from(v, false); }
  range_ref& operator=(unsigned int v) { return set_from(v, false); }
  range_ref& operator=(long long v) { return set_from(limb(v), v < 0); }
  range_ref& operator=(long v) { return set_from(limb(v), v < 0); }
  range_ref& operator=(int v) { return set_from(limb(v), v < 0); }

  // Copy bits from another slice (zero-extended when it is shorter).
  template <class Other>
  range_ref& operator=(const range_ref<Other>& r) {
    const int n = length() < r.length() ? length() : r.length();
    copy_bits(owner->fx_v, Owner::fx_nw, lo, r.owner->fx_v, Other::fx_nw, r.lo, r.lo + n - 1, false);
    if (n < length()) {
      const limb zero[1] = {0};
      copy_bits(owner->fx_v, Owner::fx_nw, lo + n, zero, 1, 0, length() - n - 1, false);
    }
    owner->fx_fix();
    return *this;
  }
  range_ref& operator=(const range_ref& r) { return operator= <Owner>(r); }

  unsigned long long to_uint64() const {
    limb v = 0;
    const int top = hi - lo < 63 ? hi : lo + 63;
    for (int k = top; k >= lo; --k) v = (v << 1) | (get_bit(owner->fx_v, Owner::fx_nw, k, false) ? 1u : 0u);
    return v;
  }
  long long to_int64() const { return (long long)to_uint64(); }
  unsigned to_uint() const { return (unsigned)to_uint64(); }
  int to_int() const { return (int)to_uint64(); }
  operator unsigned long long() const { return to_uint64(); }
};

}  // namespace fx_ap

template <int _AP_W, int _AP_I, bool _AP_S, ap_q_mode _AP_Q, ap_o_mode _AP_O, int _AP_N>
struct ap_fixed_base {
  static_assert(_AP_W >= 1, "ap_fixed width must be at least 1");
  static_assert(_AP_N == 0, "fixflow's ap_fixed supports saturation bits N = 0 only");
  static_assert(_AP_O != AP_WRAP_SM, "fixflow's ap_fixed does not support AP_WRAP_SM");

  static const int width = _AP_W;
  static const int iwidth = _AP_I;
  static const ap_q_mode qmode = _AP_Q;
  static const ap_o_mode omode = _AP_O;
  static const bool fx_signed = _AP_S;
  static const int fx_frac = _AP_W - _AP_I;
  static const int fx_nw = (_AP_W + 63) / 64;
  typedef fx_ap::range_ref<ap_fixed_base> fx_range;

  /// Result types of the full-precision operators (those of Vitis HLS).
  template <int _AP_W2, int _AP_I2, bool _AP_S2>
  struct RType {
    static const int F1 = _AP_W - _AP_I;
    static const int F2 = _AP_W2 - _AP_I2;
    static const int FM = F1 > F2 ? F1 : F2;
    static const int IA = _AP_I + ((_AP_S2 && !_AP_S) ? 1 : 0);
    static const int IB = _AP_I2 + ((_AP_S && !_AP_S2) ? 1 : 0);
    static const int plus_i = (IA > IB ? IA : IB) + 1;
    static const int plus_w = plus_i + FM;
    typedef typename fx_ap::factory<_AP_W + _AP_W2, _AP_I + _AP_I2, _AP_S || _AP_S2>::type mult;
    typedef typename fx_ap::factory<plus_w, plus_i, _AP_S || _AP_S2>::type plus;
    typedef typename fx_ap::factory<plus_w, plus_i, true>::type minus;
  };

  fx_ap::limb fx_v[fx_nw];

  /// sign of the value
  FX_AP_INLINE bool fx_neg() const { return _AP_S && fx_ap::get_bit(fx_v, fx_nw, _AP_W - 1, false); }
  /// re-establish the storage invariant after a raw-bit write
  FX_AP_INLINE void fx_fix() { fx_ap::normalize(fx_v, fx_nw, _AP_W, _AP_S); }

  template <int NI>
  FX_AP_INLINE void fx_set(const fx_ap::limb* in, bool neg, int in_frac) {
    fx_ap::convert<fx_nw, NI, _AP_Q, _AP_O>(fx_v, _AP_W, _AP_S, in, neg, in_frac - fx_frac);
  }
  void fx_set_int(fx_ap::limb v, bool neg) {
    const fx_ap::limb in[1] = {v};
    fx_set<1>(in, neg, 0);
  }

  ap_fixed_base() {
    for (int i = 0; i < fx_nw; ++i) fx_v[i] = 0;
  }

  template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>
  ap_fixed_base(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& op) {
    fx_set<ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>::fx_nw>(op.fx_v, op.fx_neg(), _AP_W2 - _AP_I2);
  }

  template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>
  ap_fixed_base& operator=(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& op) {
    fx_set<ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>::fx_nw>(op.fx_v, op.fx_neg(), _AP_W2 - _AP_I2);
    return *this;
  }

  ap_fixed_base(bool v) { fx_set_int(v ? 1u : 0u, false); }
  ap_fixed_base(signed char v) { fx_set_int(fx_ap::limb(v), v < 0); }
  ap_fixed_base(unsigned char v) { fx_set_int(v, false); }
  ap_fixed_base(short v) { fx_set_int(fx_ap::limb(v), v < 0); }
  ap_fixed_base(unsigned short v) { fx_set_int(v, false); }
  ap_fixed_base(int v) { fx_set_int(fx_ap::limb(v), v < 0); }
  ap_fixed_base(unsigned int v) { fx_set_int(v, false); }
  ap_fixed_base(long v) { fx_set_int(fx_ap::limb(v), v < 0); }
  ap_fixed_base(unsigned long v) { fx_set_int(v, false); }
  ap_fixed_base(long long v) { fx_set_int(fx_ap::limb(v), v < 0); }
  ap_fixed_base(unsigned long long v) { fx_set_int(v, false); }
  ap_fixed_base(float v) { fx_set_double(v); }
  ap_fixed_base(double v) { fx_set_double(v); }

  /// The exact binary value of a finite double (NaN and infinities give 0).
  void fx_set_double(double d) {
    if (!(d == d) || d == 0.0 || d - d != 0.0) {
      for (int i = 0; i < fx_nw; ++i) fx_v[i] = 0;
      return;
    }
    int e = 0;
    const double m = frexp(d, &e);  // d = m * 2^e, 0.5 <= |m| < 1
    const long long mi = (long long)ldexp(m, 53);
    const fx_ap::limb in[1] = {fx_ap::limb(mi)};
    fx_set<1>(in, mi < 0, 53 - e);
  }

  // ---- full-precision arithmetic -------------------------------------------
  template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>
  FX_AP_INLINE typename RType<_AP_W2, _AP_I2, _AP_S2>::mult operator*(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& b) const {
    typedef typename RType<_AP_W2, _AP_I2, _AP_S2>::mult R;
    const int N = R::fx_nw;
    fx_ap::limb x[N], y[N];
    fx_ap::shl_ext(x, N, fx_v, fx_nw, 0, fx_neg());
    fx_ap::shl_ext(y, N, b.fx_v, b.fx_nw, 0, b.fx_neg());
    R r;
    fx_ap::mul(r.fx_v, x, y, N);
    r.fx_fix();
    return r;
  }

  template <class R, int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>
  FX_AP_INLINE R fx_add_sub(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& b, bool sub) const {
    const int N = R::fx_nw;
    fx_ap::limb x[N], y[N];
    fx_ap::shl_ext(x, N, fx_v, fx_nw, R::fx_frac - fx_frac, fx_neg());
    fx_ap::shl_ext(y, N, b.fx_v, b.fx_nw, R::fx_frac - (_AP_W2 - _AP_I2), b.fx_neg());
    R r;
    fx_ap::add_sub(r.fx_v, x, y, N, sub);
    r.fx_fix();
    return r;
  }

  template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>
  FX_AP_INLINE typename RType<_AP_W2, _AP_I2, _AP_S2>::plus operator+(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& b) const {
    return fx_add_sub<typename RType<_AP_W2, _AP_I2, _AP_S2>::plus>(b, false);
  }

  template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>
  FX_AP_INLINE typename RType<_AP_W2, _AP_I2, _AP_S2>::minus operator-(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& b) const {
    return fx_add_sub<typename RType<_AP_W2, _AP_I2, _AP_S2>::minus>(b, true);
  }

  ap_fixed<_AP_W + 1, _AP_I + 1> operator-() const {
    ap_fixed<_AP_W + 1, _AP_I + 1> r;
    const int N = ap_fixed<_AP_W + 1, _AP_I + 1>::fx_nw;
    fx_ap::limb x[N];
    fx_ap::shl_ext(x, N, fx_v, fx_nw, 0, fx_neg());
    fx_ap::negate(r.fx_v, x, N);
    r.fx_fix();
    return r;
  }

  // ---- exact comparisons ----------------------------------------------------
  /// -1, 0 or 1 as this value is below, equal to or above b.
  template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>
  FX_AP_INLINE int fx_compare(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& b) const {
    typedef typename RType<_AP_W2, _AP_I2, _AP_S2>::minus D;
    const D d = fx_add_sub<D>(b, true);
    if (d.fx_neg()) return -1;
    for (int i = 0; i < D::fx_nw; ++i) {
      if (d.fx_v[i] != 0) return 1;
    }
    return 0;
  }

#define FX_AP_COMPARE(OP)                                                                              \
  template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>       \
  bool operator OP(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& b) const {     \
    return fx_compare(b) OP 0;                                                                         \
  }                                                                                                    \
  bool operator OP(int b) const { return fx_compare(ap_fixed_base<32, 32, true>(b)) OP 0; }
  FX_AP_COMPARE(<)
  FX_AP_COMPARE(<=)
  FX_AP_COMPARE(>)
  FX_AP_COMPARE(>=)
  FX_AP_COMPARE(==)
  FX_AP_COMPARE(!=)
#undef FX_AP_COMPARE

  // ---- raw bits ---------------------------------------------------------------
  fx_range range(int hi, int lo) { return fx_range(this, hi, lo); }
  fx_range range(int hi, int lo) const { return fx_range(const_cast<ap_fixed_base*>(this), hi, lo); }
  fx_range range() { return range(_AP_W - 1, 0); }
  fx_range range() const { return range(_AP_W - 1, 0); }
  int length() const { return _AP_W; }
  bool is_neg() const { return fx_neg(); }

  // ---- conversions ------------------------------------------------------------
  /// The integer part, truncated toward zero (as a C cast of a double), then wrapped to 64 bits.
  long long to_int64() const {
    ap_fixed_base<64, 64, true, AP_TRN_ZERO, AP_WRAP> t(*this);
    return (long long)t.fx_v[0];
  }
  unsigned long long to_uint64() const { return (unsigned long long)to_int64(); }
  int to_int() const { return (int)to_int64(); }
  unsigned to_uint() const { return (unsigned)to_int64(); }
  /// Nearest-ish double, for printing only (never used on the bit-exact path).
  double to_double() const {
    const bool n = fx_neg();
    fx_ap::limb a[fx_nw];
    if (n) {
      fx_ap::negate(a, fx_v, fx_nw);
    } else {
      for (int i = 0; i < fx_nw; ++i) a[i] = fx_v[i];
    }
    double r = 0.0;
    for (int i = fx_nw - 1; i >= 0; --i) r = r * 18446744073709551616.0 + double(a[i]);
    r = ldexp(r, -fx_frac);
    return n ? -r : r;
  }
};

#define FX_AP_FORWARD_CTORS(NAME)                                                                   \
  NAME() {}                                                                                         \
  template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>    \
  NAME(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& op) : Base(op) {}       \
  template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>    \
  NAME& operator=(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& op) {        \
    Base::operator=(op);                                                                            \
    return *this;                                                                                   \
  }                                                                                                 \
  NAME(bool v) : Base(v) {}                                                                         \
  NAME(signed char v) : Base(v) {}                                                                  \
  NAME(unsigned char v) : Base(v) {}                                                                \
  NAME(short v) : Base(v) {}                                                                        \
  NAME(unsigned short v) : Base(v) {}                                                               \
  NAME(int v) : Base(v) {}                                                                          \
  NAME(unsigned int v) : Base(v) {}                                                                 \
  NAME(long v) : Base(v) {}                                                                         \
  NAME(unsigned long v) : Base(v) {}                                                                \
  NAME(long long v) : Base(v) {}                                                                    \
  NAME(unsigned long long v) : Base(v) {}                                                           \
  NAME(float v) : Base(v) {}                                                                        \
  NAME(double v) : Base(v) {}

template <int _AP_W, int _AP_I, ap_q_mode _AP_Q, ap_o_mode _AP_O, int _AP_N>
struct ap_fixed : ap_fixed_base<_AP_W, _AP_I, true, _AP_Q, _AP_O, _AP_N> {
  typedef ap_fixed_base<_AP_W, _AP_I, true, _AP_Q, _AP_O, _AP_N> Base;
  FX_AP_FORWARD_CTORS(ap_fixed)
};

template <int _AP_W, int _AP_I, ap_q_mode _AP_Q, ap_o_mode _AP_O, int _AP_N>
struct ap_ufixed : ap_fixed_base<_AP_W, _AP_I, false, _AP_Q, _AP_O, _AP_N> {
  typedef ap_fixed_base<_AP_W, _AP_I, false, _AP_Q, _AP_O, _AP_N> Base;
  FX_AP_FORWARD_CTORS(ap_ufixed)
};

/// ap_int / ap_uint: integers (I = W, AP_TRN, AP_WRAP). As in Vitis HLS, a
/// fixed-point value converts to them truncated toward zero, then wrapped.
#define FX_AP_INT_TYPE(NAME, SIGNED)                                                                        \
  template <int _AP_W>                                                                                      \
  struct NAME : ap_fixed_base<_AP_W, _AP_W, SIGNED> {                                                       \
    typedef ap_fixed_base<_AP_W, _AP_W, SIGNED> Base;                                                       \
    NAME() {}                                                                                               \
    template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>          \
    NAME(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& op) {                         \
      fx_ap::convert<Base::fx_nw, ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>::fx_nw,     \
                     AP_TRN_ZERO, AP_WRAP>(this->fx_v, _AP_W, SIGNED, op.fx_v, op.fx_neg(), _AP_W2 - _AP_I2); \
    }                                                                                                       \
    template <int _AP_W2, int _AP_I2, bool _AP_S2, ap_q_mode _AP_Q2, ap_o_mode _AP_O2, int _AP_N2>          \
    NAME& operator=(const ap_fixed_base<_AP_W2, _AP_I2, _AP_S2, _AP_Q2, _AP_O2, _AP_N2>& op) {              \
      *this = NAME(op);                                                                                     \
      return *this;                                                                                         \
    }                                                                                                       \
    NAME(bool v) : Base(v) {}                                                                               \
    NAME(signed char v) : Base(v) {}                                                                        \
    NAME(unsigned char v) : Base(v) {}                                                                      \
    NAME(short v) : Base(v) {}                                                                              \
    NAME(unsigned short v) : Base(v) {}                                                                     \
    NAME(int v) : Base(v) {}                                                                                \
    NAME(unsigned int v) : Base(v) {}                                                                       \
    NAME(long v) : Base(v) {}                                                                               \
    NAME(unsigned long v) : Base(v) {}                                                                      \
    NAME(long long v) : Base(v) {}                                                                          \
    NAME(unsigned long long v) : Base(v) {}                                                                 \
  };
FX_AP_INT_TYPE(ap_int, true)
FX_AP_INT_TYPE(ap_uint, false)
#undef FX_AP_INT_TYPE
#undef FX_AP_FORWARD_CTORS

#endif  // FIXFLOW_AP_FIXED_BASE_H
