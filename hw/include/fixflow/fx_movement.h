// Data movement (codes unchanged: out_t is the input's type), in both io styles;
// io_stream moves one element per beat in raster order, channels innermost.
//   zero_pad: CFG in_t, out_t, in_h, in_w, n_chan, pad_t, pad_l, out_h, out_w
//   upsample (nearest): CFG in_t, out_t, in_h, in_w, n_chan, f_h, f_w
//   channel shuffle: CFG in_t, out_t, n_pix, n_chan; y[p][c] = x[p][perm[c]]
#ifndef FIXFLOW_FX_MOVEMENT_H
#define FIXFLOW_FX_MOVEMENT_H

#include "hls_stream.h"
#include "fx_pragma.h"

namespace fx_nn {

template <class CFG>
inline bool pad_inside(unsigned y, unsigned x) {
  return y >= CFG::pad_t && y < CFG::pad_t + CFG::in_h && x >= CFG::pad_l && x < CFG::pad_l + CFG::in_w;
}

template <class CFG>
void zero_pad_parallel(const typename CFG::in_t x[CFG::in_h * CFG::in_w * CFG::n_chan], typename CFG::out_t y[CFG::out_h * CFG::out_w * CFG::n_chan]) {
  for (unsigned oy = 0; oy < CFG::out_h; ++oy) {
    for (unsigned ox = 0; ox < CFG::out_w; ++ox) {
      FX_PRAGMA(HLS UNROLL)
      const bool in = pad_inside<CFG>(oy, ox);
      for (unsigned c = 0; c < CFG::n_chan; ++c) {
        if (in) {
          y[(oy * CFG::out_w + ox) * CFG::n_chan + c] = x[((oy - CFG::pad_t) * CFG::in_w + (ox - CFG::pad_l)) * CFG::n_chan + c];
        } else {
          y[(oy * CFG::out_w + ox) * CFG::n_chan + c] = 0;
        }
      }
    }
  }
}

template <class CFG>
void zero_pad_stream(hls::stream<typename CFG::in_t>& xs, hls::stream<typename CFG::out_t>& ys) {
  for (unsigned oy = 0; oy < CFG::out_h; ++oy) {
    for (unsigned ox = 0; ox < CFG::out_w; ++ox) {
      const bool in = pad_inside<CFG>(oy, ox);
      for (unsigned c = 0; c < CFG::n_chan; ++c) {
        FX_PRAGMA(HLS PIPELINE II=1)
        typename CFG::out_t v = 0;
        if (in) v = xs.read();
        ys.write(v);
      }
    }
  }
}

template <class CFG>
void upsample_parallel(const typename CFG::in_t x[CFG::in_h * CFG::in_w * CFG::n_chan],
                       typename CFG::out_t y[CFG::in_h * CFG::f_h * CFG::in_w * CFG::f_w * CFG::n_chan]) {
  const unsigned ow = CFG::in_w * CFG::f_w;
  for (unsigned oy = 0; oy < CFG::in_h * CFG::f_h; ++oy) {
    for (unsigned ox = 0; ox < ow; ++ox) {
      FX_PRAGMA(HLS UNROLL)
      for (unsigned c = 0; c < CFG::n_chan; ++c) y[(oy * ow + ox) * CFG::n_chan + c] = x[((oy / CFG::f_h) * CFG::in_w + ox / CFG::f_w) * CFG::n_chan + c];
    }
  }
}

/// Reads an input row into a row buffer, then writes it f_h times, each pixel f_w times.
template <class CFG>
void upsample_stream(hls::stream<typename CFG::in_t>& xs, hls::stream<typename CFG::out_t>& ys) {
  typename CFG::in_t row[CFG::in_w * CFG::n_chan];
  for (unsigned iy = 0; iy < CFG::in_h; ++iy) {
    for (unsigned i = 0; i < CFG::in_w * CFG::n_chan; ++i) {
      FX_PRAGMA(HLS PIPELINE II=1)
      row[i] = xs.read();
    }
    for (unsigned r = 0; r < CFG::f_h; ++r) {
      for (unsigned ix = 0; ix < CFG::in_w; ++ix) {
        for (unsigned f = 0; f < CFG::f_w; ++f) {
          for (unsigned c = 0; c < CFG::n_chan; ++c) {
            FX_PRAGMA(HLS PIPELINE II=1)
            ys.write(typename CFG::out_t(row[ix * CFG::n_chan + c]));
          }
        }
      }
    }
  }
}

template <class CFG>
void shuffle_parallel(const typename CFG::in_t x[CFG::n_pix * CFG::n_chan], typename CFG::out_t y[CFG::n_pix * CFG::n_chan], const unsigned perm[CFG::n_chan]) {
  for (unsigned p = 0; p < CFG::n_pix; ++p) {
    FX_PRAGMA(HLS UNROLL)
    for (unsigned c = 0; c < CFG::n_chan; ++c) y[p * CFG::n_chan + c] = x[p * CFG::n_chan + perm[c]];
  }
}

/// One pixel is buffered, then written in the permuted order.
template <class CFG>
void shuffle_stream(hls::stream<typename CFG::in_t>& xs, hls::stream<typename CFG::out_t>& ys, const unsigned perm[CFG::n_chan]) {
  for (unsigned p = 0; p < CFG::n_pix; ++p) {
    typename CFG::in_t px[CFG::n_chan];
    FX_PRAGMA(HLS ARRAY_PARTITION variable=px complete)
    for (unsigned c = 0; c < CFG::n_chan; ++c) {
      FX_PRAGMA(HLS PIPELINE II=1)
      px[c] = xs.read();
    }
    for (unsigned c = 0; c < CFG::n_chan; ++c) {
      FX_PRAGMA(HLS PIPELINE II=1)
      ys.write(typename CFG::out_t(px[perm[c]]));
    }
  }
}

}  // namespace fx_nn

#endif  // FIXFLOW_FX_MOVEMENT_H
