// Multi-input layers. Add: y = cast(sum of the inputs), summed exactly in
// sum_t (wide enough for every partial sum); the emitted code lists one
// add_term per input. Concatenate on the last axis: each element is cast from
// its own input's type; io_stream reads, per pixel, each input's channels in
// input order.
#ifndef FIXFLOW_FX_MERGE_H
#define FIXFLOW_FX_MERGE_H

#include "ap_fixed.h"
#include "hls_stream.h"
#include "fx_pragma.h"

namespace fx_nn {

/// s = s + x, exact (S holds the sum).
template <class S, class X>
inline void add_term(S& s, const X& x) {
  s = s + x;
}

/// y[p][OFF + c] = cast(x[p][c]) for c < CK, for every pixel p < NPIX (CTOT channels out).
template <unsigned NPIX, unsigned CK, unsigned OFF, unsigned CTOT, class X, class Y>
void concat_part_parallel(const X x[NPIX * CK], Y y[NPIX * CTOT]) {
  for (unsigned p = 0; p < NPIX; ++p) {
    FX_PRAGMA(HLS UNROLL)
    for (unsigned c = 0; c < CK; ++c) y[p * CTOT + OFF + c] = x[p * CK + c];
  }
}

/// One pixel's CK channels from xs to ys, each cast to Y.
template <unsigned CK, class X, class Y>
void concat_part_stream(hls::stream<X>& xs, hls::stream<Y>& ys) {
  for (unsigned c = 0; c < CK; ++c) {
    FX_PRAGMA(HLS PIPELINE II=1)
    const Y v = xs.read();
    ys.write(v);
  }
}

}  // namespace fx_nn

#endif  // FIXFLOW_FX_MERGE_H
