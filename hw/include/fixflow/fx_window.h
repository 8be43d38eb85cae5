// Sliding windows for conv and pool, in both io styles. A window is gathered
// as win[(ky * k_w + kx) * n_chan + c] with ok[ky * k_w + kx] false where the
// tap lies in the padding; those taps hold 0 and the kernel must skip them
// (conv: no multiply-accumulate; max pool: never compared; avg pool: not
// counted). The kernel is a function object
//   void operator()(const in_t win[k_h * k_w * n_chan], const bool ok[k_h * k_w], out_t y[n_out]) const
// that computes one output pixel (all n_out channels).
//
// CFG provides in_t, out_t, in_h, in_w, n_chan, k_h, k_w, s_h, s_w, pad_t,
// pad_l, out_h, out_w, n_out (1D layers are the 2D case with in_h = k_h = 1).
//
// io_stream packing: one element per beat, channels of a pixel in
// consecutive beats, pixels in raster order (the tensor's row-major order).
// window_stream keeps the last k_h input rows in a line buffer (row r in slot
// r mod k_h) and writes each output pixel as soon as the last input pixel of
// its window that lies inside the image has been read ("trigger"), in raster
// order; windows at the bottom/right padding are written after the image's
// last pixels. When an output pixel is written, the current input row is its
// window's lowest inside row, so every row it needs is still in the buffer.
#ifndef FIXFLOW_FX_WINDOW_H
#define FIXFLOW_FX_WINDOW_H

#include "hls_stream.h"
#include "fx_pragma.h"

namespace fx_nn {

/// Clamp v into [0, hi].
inline int fx_clamp_index(int v, int hi) { return v < 0 ? 0 : (v > hi ? hi : v); }

/// Raster index of the last inside input pixel of output pixel (oy, ox)'s window.
template <class CFG>
inline int window_trigger(unsigned oy, unsigned ox) {
  const int bottom = (int)(oy * CFG::s_h + CFG::k_h - 1) - (int)CFG::pad_t;
  const int right = (int)(ox * CFG::s_w + CFG::k_w - 1) - (int)CFG::pad_l;
  return fx_clamp_index(bottom, (int)CFG::in_h - 1) * (int)CFG::in_w + fx_clamp_index(right, (int)CFG::in_w - 1);
}

/// Input position (iy, ix) of tap (ky, kx) of output pixel (oy, ox); false when it lies in the padding.
template <class CFG>
inline bool window_tap(unsigned oy, unsigned ox, unsigned ky, unsigned kx, int& iy, int& ix) {
  iy = (int)(oy * CFG::s_h + ky) - (int)CFG::pad_t;
  ix = (int)(ox * CFG::s_w + kx) - (int)CFG::pad_l;
  return iy >= 0 && iy < (int)CFG::in_h && ix >= 0 && ix < (int)CFG::in_w;
}

template <class CFG, class K>
void window_parallel(const typename CFG::in_t x[CFG::in_h * CFG::in_w * CFG::n_chan],
                     typename CFG::out_t y[CFG::out_h * CFG::out_w * CFG::n_out], const K& kernel) {
  for (unsigned oy = 0; oy < CFG::out_h; ++oy) {
    for (unsigned ox = 0; ox < CFG::out_w; ++ox) {
      FX_PRAGMA(HLS UNROLL)
      typename CFG::in_t win[CFG::k_h * CFG::k_w * CFG::n_chan];
      FX_PRAGMA(HLS ARRAY_PARTITION variable=win complete)
      bool ok[CFG::k_h * CFG::k_w];
      FX_PRAGMA(HLS ARRAY_PARTITION variable=ok complete)
      for (unsigned ky = 0; ky < CFG::k_h; ++ky) {
        for (unsigned kx = 0; kx < CFG::k_w; ++kx) {
          int iy, ix;
          const bool inside = window_tap<CFG>(oy, ox, ky, kx, iy, ix);
          const unsigned t = ky * CFG::k_w + kx;
          ok[t] = inside;
          for (unsigned c = 0; c < CFG::n_chan; ++c) {
            win[t * CFG::n_chan + c] = inside ? x[((unsigned)iy * CFG::in_w + (unsigned)ix) * CFG::n_chan + c] : typename CFG::in_t(0);
          }
        }
      }
      typename CFG::out_t o[CFG::n_out];
      FX_PRAGMA(HLS ARRAY_PARTITION variable=o complete)
      kernel(win, ok, o);
      for (unsigned n = 0; n < CFG::n_out; ++n) y[(oy * CFG::out_w + ox) * CFG::n_out + n] = o[n];
    }
  }
}

template <class CFG, class K>
void window_stream(hls::stream<typename CFG::in_t>& xs, hls::stream<typename CFG::out_t>& ys, const K& kernel) {
  typename CFG::in_t line[CFG::k_h][CFG::in_w][CFG::n_chan];
  FX_PRAGMA(HLS ARRAY_PARTITION variable=line complete dim=1)
  FX_PRAGMA(HLS ARRAY_PARTITION variable=line complete dim=3)
  unsigned oy = 0;
  unsigned ox = 0;
  for (unsigned r = 0; r < CFG::in_h; ++r) {
    for (unsigned col = 0; col < CFG::in_w; ++col) {
      for (unsigned c = 0; c < CFG::n_chan; ++c) {
        FX_PRAGMA(HLS PIPELINE II=1)
        line[r % CFG::k_h][col][c] = xs.read();
      }
      const int here = (int)(r * CFG::in_w + col);
      // every output pixel whose window's last inside pixel has now been read
      while (oy < CFG::out_h && window_trigger<CFG>(oy, ox) <= here) {
        FX_PRAGMA(HLS PIPELINE II=CFG::reuse_factor)
        typename CFG::in_t win[CFG::k_h * CFG::k_w * CFG::n_chan];
        FX_PRAGMA(HLS ARRAY_PARTITION variable=win complete)
        bool ok[CFG::k_h * CFG::k_w];
        FX_PRAGMA(HLS ARRAY_PARTITION variable=ok complete)
        for (unsigned ky = 0; ky < CFG::k_h; ++ky) {
          for (unsigned kx = 0; kx < CFG::k_w; ++kx) {
            int iy, ix;
            const bool inside = window_tap<CFG>(oy, ox, ky, kx, iy, ix);
            const unsigned t = ky * CFG::k_w + kx;
            ok[t] = inside;
            for (unsigned c = 0; c < CFG::n_chan; ++c) {
              win[t * CFG::n_chan + c] = inside ? line[(unsigned)iy % CFG::k_h][(unsigned)ix][c] : typename CFG::in_t(0);
            }
          }
        }
        typename CFG::out_t o[CFG::n_out];
        FX_PRAGMA(HLS ARRAY_PARTITION variable=o complete)
        kernel(win, ok, o);
        for (unsigned n = 0; n < CFG::n_out; ++n) ys.write(o[n]);
        if (++ox == CFG::out_w) {
          ox = 0;
          ++oy;
        }
      }
    }
  }
}

}  // namespace fx_nn

#endif  // FIXFLOW_FX_WINDOW_H
