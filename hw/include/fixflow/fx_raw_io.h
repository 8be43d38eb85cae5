// Raw-code input and output for test benches: a value's W-bit two's
// complement code as unsigned hexadecimal text. Uses only the documented
// interface (length(), range(hi, lo), to_uint64()), so it works with the
// vendor's ap_fixed.h as well as fixflow's.
#ifndef FIXFLOW_FX_RAW_IO_H
#define FIXFLOW_FX_RAW_IO_H

#include <stdio.h>
#include <string.h>

#include <string>

namespace fx_nn {

inline int fx_hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Set the raw code of x from hex text; false when the text is not hex.
template <class T>
bool set_raw_hex(T& x, const char* hex) {
  const int w = x.length();
  int end = (int)strlen(hex);
  for (int i = 0; i < end; ++i) {
    if (fx_hex_digit(hex[i]) < 0) return false;
  }
  for (int lo = 0; lo < w; lo += 64, end -= 16) {
    unsigned long long c = 0;
    for (int i = end - 16 < 0 ? 0 : end - 16; i < end; ++i) c = c * 16u + (unsigned)fx_hex_digit(hex[i]);
    const int hi = lo + 63 < w - 1 ? lo + 63 : w - 1;
    x.range(hi, lo) = c;
  }
  return true;
}

/// The raw code of x as hex text (no leading zeros).
template <class T>
std::string raw_hex(const T& x) {
  const int w = x.length();
  std::string s;
  char buf[24];
  for (int lo = ((w - 1) / 64) * 64; lo >= 0; lo -= 64) {
    const int hi = lo + 63 < w - 1 ? lo + 63 : w - 1;
    const unsigned long long c = x.range(hi, lo).to_uint64();
    if (s.empty()) {
      if (c == 0 && lo > 0) continue;
      snprintf(buf, sizeof buf, "%llx", c);
    } else {
      snprintf(buf, sizeof buf, "%016llx", c);
    }
    s += buf;
  }
  return s;
}

/// A constant given by its raw code (for values a double literal cannot hold exactly).
template <class T>
T from_raw_hex(const char* hex) {
  T x;
  set_raw_hex(x, hex);
  return x;
}

/// Read the next raw code (one hex token); false at end of input or on a malformed token.
template <class T>
bool read_raw(FILE* f, T& x) {
  char tok[512];
  if (fscanf(f, "%511s", tok) != 1) return false;
  return set_raw_hex(x, tok);
}

/// Read N raw codes into x; returns how many were read (N, or fewer at the end of input).
template <class T>
unsigned read_raw_array(FILE* f, T* x, unsigned n) {
  for (unsigned i = 0; i < n; ++i) {
    if (!read_raw(f, x[i])) return i;
  }
  return n;
}

template <class T>
void write_raw(FILE* f, const T& x) {
  fputs(raw_hex(x).c_str(), f);
  fputc(' ', f);
}

}  // namespace fx_nn

#endif  // FIXFLOW_FX_RAW_IO_H
