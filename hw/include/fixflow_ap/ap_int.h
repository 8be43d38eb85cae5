// fixflow's stand-in for the Vitis HLS header of the same name. The build
// puts hw/include/fixflow_ap on the include path only when it does not use
// Vitis HLS; under Vitis the vendor's ap_int.h is found instead. Only the
// documented interface listed in fx_ap_fixed_base.h is provided.
#ifndef FIXFLOW_AP_INT_H
#define FIXFLOW_AP_INT_H

#include "fx_ap_fixed_base.h"

#endif  // FIXFLOW_AP_INT_H
