// Softmax over the last axis (n_rows rows of n_cols), as the dataflow IR defines it.
// stable:  m = max_j x[j];  e[j] = exp_table(x[j] - m);  s = cast_sum(sum_j e[j]) (summed
//          exactly, ascending j);  r = inv_table(s);  y[j] = cast(e[j] * r)
// argmax:  y[j] = cast(1) at the first maximum, 0 elsewhere.
#ifndef FIXFLOW_FX_SOFTMAX_H
#define FIXFLOW_FX_SOFTMAX_H

#include "ap_fixed.h"
#include "fx_pragma.h"
#include "fx_table.h"

namespace fx_nn {

/// CFG provides in_t, out_t, n_rows, n_cols, exp_* and inv_* (as table_fn's CFG),
/// exp_sum_t (holds any sum of n_cols entries exactly) and sum_t.
template <class CFG>
void softmax_stable(const typename CFG::in_t x[CFG::n_rows * CFG::n_cols], typename CFG::out_t y[CFG::n_rows * CFG::n_cols],
                    const typename CFG::exp_lo_t& exp_lo, const typename CFG::exp_entry_t exp_table[CFG::exp_size],
                    const typename CFG::inv_lo_t& inv_lo, const typename CFG::inv_entry_t inv_table[CFG::inv_size]) {
  for (unsigned r = 0; r < CFG::n_rows; ++r) {
    FX_PRAGMA(HLS UNROLL)
    const unsigned base = r * CFG::n_cols;
    typename CFG::in_t m = x[base];
    for (unsigned j = 1; j < CFG::n_cols; ++j) {
      FX_PRAGMA(HLS UNROLL)
      if (x[base + j] > m) m = x[base + j];
    }
    typename CFG::exp_entry_t e[CFG::n_cols];
    FX_PRAGMA(HLS ARRAY_PARTITION variable=e complete)
    typename CFG::exp_sum_t s = 0;
    for (unsigned j = 0; j < CFG::n_cols; ++j) {
      FX_PRAGMA(HLS UNROLL)
      e[j] = exp_table[table_index<CFG::exp_index_bits, CFG::exp_step_log2, CFG::exp_size>(x[base + j] - m, exp_lo)];
      s = s + e[j];
    }
    const typename CFG::sum_t sum = s;
    const typename CFG::inv_entry_t inv = inv_table[table_index<CFG::inv_index_bits, CFG::inv_step_log2, CFG::inv_size>(sum, inv_lo)];
    for (unsigned j = 0; j < CFG::n_cols; ++j) {
      FX_PRAGMA(HLS UNROLL)
      y[base + j] = e[j] * inv;
    }
  }
}

template <class CFG>
void softmax_argmax(const typename CFG::in_t x[CFG::n_rows * CFG::n_cols], typename CFG::out_t y[CFG::n_rows * CFG::n_cols]) {
  const typename CFG::out_t one = 1;
  const typename CFG::out_t zero = 0;
  for (unsigned r = 0; r < CFG::n_rows; ++r) {
    FX_PRAGMA(HLS UNROLL)
    const unsigned base = r * CFG::n_cols;
    typename CFG::in_t m = x[base];
    unsigned arg = 0;
    for (unsigned j = 1; j < CFG::n_cols; ++j) {
      FX_PRAGMA(HLS UNROLL)
      if (x[base + j] > m) {
        m = x[base + j];
        arg = j;
      }
    }
    for (unsigned j = 0; j < CFG::n_cols; ++j) {
      FX_PRAGMA(HLS UNROLL)
      y[base + j] = j == arg ? one : zero;
    }
  }
}

}  // namespace fx_nn

#endif  // FIXFLOW_FX_SOFTMAX_H
