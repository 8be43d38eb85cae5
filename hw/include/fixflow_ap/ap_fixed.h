// fixflow's stand-in for the Vitis HLS header of the same name (see
// ap_int.h): ap_fixed<W, I, Q, O> and ap_ufixed<W, I, Q, O> with every
// quantization and overflow mode of SEMANTICS.md, at any width (values are
// multi-word integers, so products of two 128-bit types are exact).
#ifndef FIXFLOW_AP_FIXED_H
#define FIXFLOW_AP_FIXED_H

#include "ap_int.h"

#endif  // FIXFLOW_AP_FIXED_H
