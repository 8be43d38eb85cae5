// Pooling kernels for window_parallel / window_stream (fx_window.h), per
// channel over the window's inside taps only (padding is never read):
//   max: y = cast(max x), compared exactly; padding never takes part.
//   avg: s = exact sum (sum_t holds every window sum), n = inside taps
//        (divisor 'valid') or k_h * k_w (divisor 'window'),
//        y = cast(s * recip[n]) with the exact product.
// CFG provides in_t, out_t, n_chan, k_h, k_w, and for avg sum_t, recip_t and
// count_window (true: divide by the whole window).
#ifndef FIXFLOW_FX_POOL_H
#define FIXFLOW_FX_POOL_H

#include "ap_fixed.h"
#include "fx_pragma.h"

namespace fx_nn {

template <class CFG>
struct max_pool_fn {
  void operator()(const typename CFG::in_t win[CFG::k_h * CFG::k_w * CFG::n_chan], const bool ok[CFG::k_h * CFG::k_w],
                  typename CFG::out_t y[CFG::n_chan]) const {
    for (unsigned c = 0; c < CFG::n_chan; ++c) {
      FX_PRAGMA(HLS UNROLL)
      typename CFG::in_t m = 0;
      bool have = false;
      for (unsigned t = 0; t < CFG::k_h * CFG::k_w; ++t) {
        FX_PRAGMA(HLS UNROLL)
        const typename CFG::in_t v = win[t * CFG::n_chan + c];
        if (ok[t] && (!have || v > m)) {
          m = v;
          have = true;
        }
      }
      y[c] = m;
    }
  }
};

/// recip: recip_t values indexed by the divisor n (0 .. k_h * k_w); only the divisors that occur are used.
template <class CFG>
struct avg_pool_fn {
  const typename CFG::recip_t* recip;
  explicit avg_pool_fn(const typename CFG::recip_t* r) : recip(r) {}
  void operator()(const typename CFG::in_t win[CFG::k_h * CFG::k_w * CFG::n_chan], const bool ok[CFG::k_h * CFG::k_w],
                  typename CFG::out_t y[CFG::n_chan]) const {
    for (unsigned c = 0; c < CFG::n_chan; ++c) {
      FX_PRAGMA(HLS UNROLL)
      typename CFG::sum_t s = 0;
      unsigned n = 0;
      for (unsigned t = 0; t < CFG::k_h * CFG::k_w; ++t) {
        FX_PRAGMA(HLS UNROLL)
        if (ok[t]) {
          s = s + win[t * CFG::n_chan + c];
          ++n;
        }
      }
      y[c] = s * recip[CFG::count_window ? CFG::k_h * CFG::k_w : n];
    }
  }
};

}  // namespace fx_nn

#endif  // FIXFLOW_FX_POOL_H
