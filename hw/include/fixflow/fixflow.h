// fixflow's HLS layer library: parameterised templates that the emitted code
// instantiates. Emitted code only writes parameter structs, constant tables
// and calls into this library (hls4ml's nnet_utils idea).
#ifndef FIXFLOW_FIXFLOW_H
#define FIXFLOW_FIXFLOW_H

#include "fx_pragma.h"
#include "fx_dense.h"
#include "fx_elementwise.h"
#include "fx_table.h"
#include "fx_softmax.h"
#include "fx_window.h"
#include "fx_pool.h"
#include "fx_movement.h"
#include "fx_merge.h"
#include "fx_stream.h"
#include "fx_raw_io.h"

#endif  // FIXFLOW_FIXFLOW_H
