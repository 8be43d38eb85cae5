// Dense layer terms. The emitted code lists, per output, only the nonzero
// weights, in ascending input order (the order of the dataflow IR):
//   acc = bias[o];  acc = cast_acc(acc + cast_product(x[i] * w)) ...;  y[o] = acc;
// A weight of the form +/- 2^E needs no multiplier: the product is the input
// with its binary point moved by E (and negated), which is exactly x * w.
#ifndef FIXFLOW_FX_DENSE_H
#define FIXFLOW_FX_DENSE_H

#include "ap_fixed.h"

namespace fx_nn {

/// acc = cast_accum(acc + cast_product(x * w))
template <class CFG, class X, class W>
inline void mac(typename CFG::accum_t& acc, const X& x, const W& w) {
  const typename CFG::product_t p = x * w;
  acc = acc + p;
}

/// acc = cast_accum(acc + cast_product(x * (NEG ? -2^E : 2^E))), without a multiplier.
template <class CFG, int E, bool NEG, int XW, int XI, ap_q_mode XQ, ap_o_mode XO, int XN>
inline void mac_shift(typename CFG::accum_t& acc, const ap_fixed<XW, XI, XQ, XO, XN>& x) {
  ap_fixed<XW, XI + E> t;
  t.range(XW - 1, 0) = x.range(XW - 1, 0);
  typename CFG::product_t p;
  if (NEG) {
    p = -t;
  } else {
    p = t;
  }
  acc = acc + p;
}

template <class CFG, int E, bool NEG, int XW, int XI, ap_q_mode XQ, ap_o_mode XO, int XN>
inline void mac_shift(typename CFG::accum_t& acc, const ap_ufixed<XW, XI, XQ, XO, XN>& x) {
  ap_ufixed<XW, XI + E> t;
  t.range(XW - 1, 0) = x.range(XW - 1, 0);
  typename CFG::product_t p;
  if (NEG) {
    p = -t;
  } else {
    p = t;
  }
  acc = acc + p;
}

}  // namespace fx_nn

#endif  // FIXFLOW_FX_DENSE_H
