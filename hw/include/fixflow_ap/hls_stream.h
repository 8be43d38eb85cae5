// fixflow's stand-in for the Vitis HLS header of the same name: a FIFO with
// the blocking and non-blocking interface of hls::stream, for C simulation.
// Reading an empty stream is a deadlock in hardware; here it stops the
// program with a message instead of returning an undefined value.
#ifndef FIXFLOW_HLS_STREAM_H
#define FIXFLOW_HLS_STREAM_H

#include <stdio.h>
#include <stdlib.h>

#include <deque>
#include <string>

namespace hls {

template <typename T>
class stream {
 public:
  stream() : name_("stream") {}
  explicit stream(const char* name) : name_(name) {}

  bool empty() const { return q_.empty(); }
  bool full() const { return false; }
  unsigned size() const { return (unsigned)q_.size(); }

  void write(const T& v) { q_.push_back(v); }
  void operator<<(const T& v) { write(v); }
  bool write_nb(const T& v) {
    write(v);
    return true;
  }

  T read() {
    if (q_.empty()) {
      fprintf(stderr, "hls::stream '%s': read from an empty stream (a deadlock in hardware)\n", name_.c_str());
      exit(3);
    }
    T v = q_.front();
    q_.pop_front();
    return v;
  }
  void read(T& v) { v = read(); }
  void operator>>(T& v) { v = read(); }
  bool read_nb(T& v) {
    if (q_.empty()) return false;
    v = read();
    return true;
  }

 private:
  stream(const stream&);
  stream& operator=(const stream&);
  std::deque<T> q_;
  std::string name_;
};

}  // namespace hls

#endif  // FIXFLOW_HLS_STREAM_H
