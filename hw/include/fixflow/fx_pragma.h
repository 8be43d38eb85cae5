// HLS directives in fixflow's emitted code and layer library are written
// FX_PRAGMA(HLS ...). During synthesis Vitis HLS defines __SYNTHESIS__ and
// each becomes the pragma itself (the _Pragma form that Vitis documents for
// pragmas in macros); in C simulation they vanish, so a g++ build with
// -Wall -Wextra -Werror sees no unknown pragma.
#ifndef FIXFLOW_FX_PRAGMA_H
#define FIXFLOW_FX_PRAGMA_H

#ifdef __SYNTHESIS__
#define FX_PRAGMA(...) _Pragma(#__VA_ARGS__)
#else
#define FX_PRAGMA(...)
#endif

#endif  // FIXFLOW_FX_PRAGMA_H
