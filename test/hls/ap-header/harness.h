// Test harness for fixflow's ap_fixed.h: the generated program (see
// generate.ts) includes this file, then dispatches every case line to a
// template instantiated for the case's types and checks the result against
// the TypeScript BigInt reference, one mode pair at a time.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <string>

#include "ap_fixed.h"
#include "fixflow/fx_raw_io.h"

static long long g_checked[28];
static long long g_failed[28];
static long long g_op_checked;
static long long g_op_failed;
static int g_reported;

static void report(const char* what, int mode, const char* src, const std::string& got, const char* want) {
  if (g_reported++ < 20) printf("MISMATCH %s mode=%d src=%s got=%s want=%s\n", what, mode, src, got.c_str(), want);
}

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O>
struct pick_type {
  typedef ap_fixed<W, I, Q, O> type;
};
template <int W, int I, ap_q_mode Q, ap_o_mode O>
struct pick_type<W, I, false, Q, O> {
  typedef ap_ufixed<W, I, Q, O> type;
};

template <class SRC, int W, int I, bool S, ap_q_mode Q, ap_o_mode O>
void check_one(int mode, const SRC& s, const char* src, const char* want) {
  const typename pick_type<W, I, S, Q, O>::type d = s;
  const std::string got = fx_nn::raw_hex(d);
  ++g_checked[mode];
  if (got != want) {
    ++g_failed[mode];
    report("cast", mode, src, got, want);
  }
}

// Mode index = quantization index * 4 + overflow index, in the order of
// QUANT_MODES and OVERFLOW_MODES of src/fixed/fixed-type.ts.
#define FX_Q_ROW(Q, QI)                                            \
  check_one<SRC, W, I, S, Q, AP_WRAP>(QI * 4 + 0, s, src, w[QI * 4 + 0]);     \
  check_one<SRC, W, I, S, Q, AP_SAT>(QI * 4 + 1, s, src, w[QI * 4 + 1]);      \
  check_one<SRC, W, I, S, Q, AP_SAT_ZERO>(QI * 4 + 2, s, src, w[QI * 4 + 2]); \
  check_one<SRC, W, I, S, Q, AP_SAT_SYM>(QI * 4 + 3, s, src, w[QI * 4 + 3]);

template <class SRC, int W, int I, bool S>
void check_all_modes(const SRC& s, const char* src, char** w) {
  FX_Q_ROW(AP_TRN, 0)
  FX_Q_ROW(AP_TRN_ZERO, 1)
  FX_Q_ROW(AP_RND, 2)
  FX_Q_ROW(AP_RND_ZERO, 3)
  FX_Q_ROW(AP_RND_MIN_INF, 4)
  FX_Q_ROW(AP_RND_INF, 5)
  FX_Q_ROW(AP_RND_CONV, 6)
}

template <class SRC, int W, int I, bool S>
void cast_case(const char* src, char** w) {
  SRC s;
  if (!fx_nn::set_raw_hex(s, src)) {
    printf("BADHEX %s\n", src);
    exit(2);
  }
  check_all_modes<SRC, W, I, S>(s, src, w);
}

template <int W, int I, bool S>
void double_case(const char* bits, char** w) {
  unsigned long long u = strtoull(bits, 0, 16);
  double d;
  memcpy(&d, &u, sizeof d);
  check_all_modes<double, W, I, S>(d, bits, w);
}

static void op_check(const char* what, const std::string& got, const char* want) {
  ++g_op_checked;
  if (got != want) {
    ++g_op_failed;
    report(what, -1, "", got, want);
  }
}

// a * b, a + b, a - b, -a exactly; comparisons against the sign of a - b.
template <class A, class B>
void op_case(char** f) {
  A a;
  B b;
  if (!fx_nn::set_raw_hex(a, f[0]) || !fx_nn::set_raw_hex(b, f[1])) {
    printf("BADHEX %s %s\n", f[0], f[1]);
    exit(2);
  }
  op_check("mul", fx_nn::raw_hex(a * b), f[2]);
  op_check("add", fx_nn::raw_hex(a + b), f[3]);
  op_check("sub", fx_nn::raw_hex(a - b), f[4]);
  op_check("neg", fx_nn::raw_hex(-a), f[5]);
  const int c = atoi(f[6]);
  const bool ok = (a < b) == (c < 0) && (a <= b) == (c <= 0) && (a > b) == (c > 0) && (a >= b) == (c >= 0) &&
                  (a == b) == (c == 0) && (a != b) == (c != 0);
  op_check("cmp", ok ? "ok" : "bad", "ok");
}

// ap_int from a fixed-point value (toward zero, then wrapped) and to_int64().
template <class SRC, int W, bool S>
void int_case(char** f) {
  SRC s;
  fx_nn::set_raw_hex(s, f[0]);
  if (S) {
    const ap_int<W> i = s;
    op_check("ap_int", fx_nn::raw_hex(i), f[1]);
  } else {
    const ap_uint<W> i = s;
    op_check("ap_uint", fx_nn::raw_hex(i), f[1]);
  }
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", s.to_int64());
  op_check("to_int64", buf, f[2]);
}

static void dispatch(char kind, int index, char** f);

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s cases.txt\n", argv[0]);
    return 2;
  }
  FILE* in = fopen(argv[1], "r");
  if (!in) {
    fprintf(stderr, "cannot open %s\n", argv[1]);
    return 2;
  }
  static char line[1 << 16];
  char* f[64];
  while (fgets(line, sizeof line, in)) {
    int n = 0;
    for (char* t = strtok(line, " \n"); t && n < 64; t = strtok(0, " \n")) f[n++] = t;
    if (n < 2) continue;
    dispatch(f[0][0], atoi(f[1]), f + 2);
  }
  fclose(in);
  for (int m = 0; m < 28; ++m) printf("MODE %d %lld %lld\n", m, g_checked[m], g_failed[m]);
  printf("OPS %lld %lld\n", g_op_checked, g_op_failed);
  return 0;
}
