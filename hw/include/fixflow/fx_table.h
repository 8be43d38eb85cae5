// Activations given by tables (sigmoid, tanh; softmax's exp and reciprocal).
// The index of an exact input x is clamp(floor((x - lo) / 2^STEP), 0, SIZE - 1):
// x - lo is exact, and assigning it to ap_ufixed<B, B + STEP, AP_TRN, AP_SAT>
// floors it onto the 2^STEP grid and clamps it to [0, 2^B - 1] in one cast.
// The entries are the dataflow IR's own, emitted as constant arrays.
#ifndef FIXFLOW_FX_TABLE_H
#define FIXFLOW_FX_TABLE_H

#include "ap_fixed.h"

namespace fx_nn {

template <int B, int STEP, unsigned SIZE, class X, class LO>
inline unsigned table_index(const X& x, const LO& lo) {
  const ap_ufixed<B, B + STEP, AP_TRN, AP_SAT> k = x - lo;
  const unsigned i = k.range(B - 1, 0).to_uint();
  return i < SIZE ? i : SIZE - 1;
}

/// y = cast(entries[index(x)]); CFG provides index_bits, step_log2, size, lo_t, entry_t.
template <class CFG>
struct table_fn {
  typename CFG::lo_t lo;
  const typename CFG::entry_t* entries;
  table_fn(const typename CFG::lo_t& l, const typename CFG::entry_t* e) : lo(l), entries(e) {}
  typename CFG::out_t operator()(const typename CFG::in_t& x, unsigned) const {
    return typename CFG::out_t(entries[table_index<CFG::index_bits, CFG::step_log2, CFG::size>(x, lo)]);
  }
};

}  // namespace fx_nn

#endif  // FIXFLOW_FX_TABLE_H
