// Moving whole tensors between hls::stream (one element per beat) and arrays,
// copying, and splitting a stream for a second consumer.
#ifndef FIXFLOW_FX_STREAM_H
#define FIXFLOW_FX_STREAM_H

#include "hls_stream.h"
#include "fx_pragma.h"

namespace fx_nn {

template <unsigned N, class T>
void read_vector(hls::stream<T>& s, T x[N]) {
  for (unsigned i = 0; i < N; ++i) {
    FX_PRAGMA(HLS PIPELINE II=1)
    x[i] = s.read();
  }
}

template <unsigned N, class T>
void write_vector(hls::stream<T>& s, const T y[N]) {
  for (unsigned i = 0; i < N; ++i) {
    FX_PRAGMA(HLS PIPELINE II=1)
    s.write(y[i]);
  }
}

template <unsigned N, class T>
void copy_array(const T x[N], T y[N]) {
  for (unsigned i = 0; i < N; ++i) {
    FX_PRAGMA(HLS UNROLL)
    y[i] = x[i];
  }
}

template <unsigned N, class T>
void copy_stream(hls::stream<T>& in, hls::stream<T>& out) {
  for (unsigned i = 0; i < N; ++i) {
    FX_PRAGMA(HLS PIPELINE II=1)
    out.write(in.read());
  }
}

/// Every element of `in` goes to both `a` and `b`.
template <unsigned N, class T>
void split_stream(hls::stream<T>& in, hls::stream<T>& a, hls::stream<T>& b) {
  for (unsigned i = 0; i < N; ++i) {
    FX_PRAGMA(HLS PIPELINE II=1)
    const T v = in.read();
    a.write(v);
    b.write(v);
  }
}

}  // namespace fx_nn

#endif  // FIXFLOW_FX_STREAM_H
