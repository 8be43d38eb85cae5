// Element-wise layers: one function object per op computing one element
// exactly as the dataflow IR defines it, and two drivers, map_parallel
// (arrays, fully unrolled) and map_stream (one element per cycle).
// CFG provides in_t, out_t, n and whatever type the op names below.
#ifndef FIXFLOW_FX_ELEMENTWISE_H
#define FIXFLOW_FX_ELEMENTWISE_H

#include "ap_fixed.h"
#include "hls_stream.h"
#include "fx_pragma.h"

namespace fx_nn {

/// y = cast(max(x, 0))
template <class CFG>
struct relu_fn {
  typename CFG::out_t operator()(const typename CFG::in_t& x, unsigned) const {
    typename CFG::out_t y = 0;
    if (x > 0) y = x;
    return y;
  }
};

/// y = cast(x < lo ? lo : x > hi ? hi : x), compared exactly
template <class CFG>
struct clip_fn {
  typename CFG::bound_t lo;
  typename CFG::bound_t hi;
  clip_fn(const typename CFG::bound_t& l, const typename CFG::bound_t& h) : lo(l), hi(h) {}
  typename CFG::out_t operator()(const typename CFG::in_t& x, unsigned) const {
    typename CFG::out_t y;
    if (x < lo) {
      y = lo;
    } else if (x > hi) {
      y = hi;
    } else {
      y = x;
    }
    return y;
  }
};

/// y = x >= 0 ? cast(x) : cast(cast_product(x * alpha))
template <class CFG>
struct leaky_relu_fn {
  typename CFG::alpha_t alpha;
  explicit leaky_relu_fn(const typename CFG::alpha_t& a) : alpha(a) {}
  typename CFG::out_t operator()(const typename CFG::in_t& x, unsigned) const {
    typename CFG::out_t y;
    if (x >= 0) {
      y = x;
    } else {
      const typename CFG::product_t p = x * alpha;
      y = p;
    }
    return y;
  }
};

/// y = cast(x): a linear activation, a requantization, or (same type) a reshape.
template <class CFG>
struct cast_fn {
  typename CFG::out_t operator()(const typename CFG::in_t& x, unsigned) const { return typename CFG::out_t(x); }
};

/// y = cast(cast_accum(cast_accum(shift[c]) + cast_product(x * scale[c]))), c = i mod n_chan
template <class CFG>
struct scale_shift_fn {
  const typename CFG::scale_t* scale;
  const typename CFG::shift_t* shift;
  scale_shift_fn(const typename CFG::scale_t* s, const typename CFG::shift_t* b) : scale(s), shift(b) {}
  typename CFG::out_t operator()(const typename CFG::in_t& x, unsigned i) const {
    const unsigned c = i % CFG::n_chan;
    typename CFG::accum_t acc = shift[c];
    const typename CFG::product_t p = x * scale[c];
    acc = acc + p;
    return typename CFG::out_t(acc);
  }
};

template <class CFG, class FN>
void map_parallel(const typename CFG::in_t x[CFG::n], typename CFG::out_t y[CFG::n], const FN& fn) {
  for (unsigned i = 0; i < CFG::n; ++i) {
    FX_PRAGMA(HLS UNROLL)
    y[i] = fn(x[i], i);
  }
}

template <class CFG, class FN>
void map_stream(hls::stream<typename CFG::in_t>& xs, hls::stream<typename CFG::out_t>& ys, const FN& fn) {
  for (unsigned i = 0; i < CFG::n; ++i) {
    FX_PRAGMA(HLS PIPELINE II=1)
    ys.write(fn(xs.read(), i));
  }
}

}  // namespace fx_nn

#endif  // FIXFLOW_FX_ELEMENTWISE_H
