// Verilator harness of a fixflow top module (built with --prefix Vtop).
// Streams the tdata words of in_file (one hex word per line) into the
// AXI-Stream slave, takes every output from the master, and writes to
// out_file one line per event:
//   I <cycle>                  an input accepted (tvalid & tready)
//   O <cycle> <tlast> <hex>    an output accepted
//   F <hex>                    after a stall: the top's fx_fifo_full port (built with -DFX_FIFOS)
//   E <cycles> <ok|stall>      end of the run
// Back-pressure (tready low) and gaps in tvalid are random with the given
// percentages, from the same xorshift32 sequence as the Icarus testbench, so
// both simulators see identical stimuli cycle by cycle. tvalid, once raised,
// stays high until the transfer, as AXI-Stream requires.
//
// Optional arguments: frame (streaming designs: beats per image; tlast then
// marks the last beat of each image; 0: only the last word), idle (stop
// and report a stall after that many cycles without a transfer; 0: never)
// and n_out (output words expected, default n_words).
//
// usage: Vtop in_file out_file n_words backpressure_pct gap_pct seed max_cycles in_bits out_bits [frame idle n_out]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "Vtop.h"
#include "verilated.h"

static uint32_t rng_state = 1;
static uint32_t rng() {
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// hex text -> 32-bit words, least significant first
static bool parseHex(const std::string& s, std::vector<uint32_t>& words) {
    for (auto& w : words) w = 0;
    size_t nibble = 0;
    for (size_t i = s.size(); i-- > 0;) {
        int v = hexval(s[i]);
        if (v < 0) return false;
        size_t word = nibble / 8;
        if (word < words.size()) words[word] |= uint32_t(v) << (4 * (nibble % 8));
        nibble++;
    }
    return true;
}

template <typename T>
static void setPort(T& port, const std::vector<uint32_t>& w) {
    if constexpr (std::is_integral<T>::value) {
        uint64_t v = w[0];
        if (w.size() > 1) v |= uint64_t(w[1]) << 32;
        port = static_cast<T>(v);
    } else {
        const size_t n = sizeof(T) / sizeof(uint32_t);
        for (size_t i = 0; i < n; i++) port[i] = i < w.size() ? w[i] : 0;
    }
}

template <typename T>
static std::string getPort(const T& port, int bits) {
    std::vector<uint32_t> w((bits + 31) / 32, 0);
    if constexpr (std::is_integral<T>::value) {
        uint64_t v = port;
        w[0] = uint32_t(v);
        if (w.size() > 1) w[1] = uint32_t(v >> 32);
    } else {
        for (size_t i = 0; i < w.size(); i++) w[i] = port[i];
    }
    const int digits = (bits + 3) / 4;
    std::string s(digits, '0');
    for (int d = 0; d < digits; d++) {
        uint32_t v = (w[d / 8] >> (4 * (d % 8))) & 0xF;
        s[digits - 1 - d] = "0123456789abcdef"[v];
    }
    return s;
}

int main(int argc, char** argv) {
    if (argc < 10) {
        std::fprintf(stderr, "usage: %s in out n bp gap seed max_cycles in_bits out_bits\n", argv[0]);
        return 2;
    }
    const char* in_path = argv[1];
    const char* out_path = argv[2];
    const long n = std::atol(argv[3]);
    const uint32_t bp = uint32_t(std::atol(argv[4]));
    const uint32_t gap = uint32_t(std::atol(argv[5]));
    rng_state = uint32_t(std::strtoul(argv[6], nullptr, 10));
    if (rng_state == 0) rng_state = 1;
    const long max_cycles = std::atol(argv[7]);
    const int in_bits = std::atoi(argv[8]);
    const int out_bits = std::atoi(argv[9]);
    const long frame = argc > 10 ? std::atol(argv[10]) : 0;
    const long idle = argc > 11 ? std::atol(argv[11]) : 0;
    const long n_out = argc > 12 ? std::atol(argv[12]) : n;

    std::ifstream in(in_path);
    std::FILE* out = std::fopen(out_path, "w");
    if (!in || !out) {
        std::fprintf(stderr, "cannot open %s or %s\n", in_path, out_path);
        return 2;
    }

    const std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
    const std::unique_ptr<Vtop> top{new Vtop{ctx.get()}};
    std::vector<uint32_t> words((in_bits + 31) / 32, 0);

    top->aclk = 0;
    top->aresetn = 0;
    top->s_axis_tvalid = 0;
    top->s_axis_tlast = 0;
    top->m_axis_tready = 0;
    setPort(top->s_axis_tdata, words);
    for (int i = 0; i < 3; i++) {
        top->eval();
        top->aclk = 1;
        top->eval();
        top->aclk = 0;
        top->eval();
    }
    top->aresetn = 1;

    long sent = 0, received = 0, cycle = 0, last_event = 0;
    bool loaded = false, holding = false;
    std::string line;
    while (received < n_out && cycle < max_cycles) {
        if (!loaded && sent < n) {
            if (!std::getline(in, line) || !parseHex(line, words)) {
                std::fprintf(stderr, "bad input line %ld\n", sent + 1);
                return 2;
            }
            setPort(top->s_axis_tdata, words);
            top->s_axis_tlast = frame > 0 ? (sent + 1) % frame == 0 : sent == n - 1;
            loaded = true;
        }
        // stimuli for this cycle (the random draws happen every cycle, in this order)
        const bool drop_valid = (rng() % 100) < gap;
        const bool drop_ready = (rng() % 100) < bp;
        top->s_axis_tvalid = loaded && (holding || !drop_valid);
        top->m_axis_tready = !drop_ready;
        top->eval();
        const bool in_fire = top->s_axis_tvalid && top->s_axis_tready;
        const bool out_fire = top->m_axis_tvalid && top->m_axis_tready;
        if (in_fire || out_fire) last_event = cycle;
        if (in_fire) std::fprintf(out, "I %ld\n", cycle);
        if (out_fire) {
            std::fprintf(out, "O %ld %d %s\n", cycle, int(top->m_axis_tlast), getPort(top->m_axis_tdata, out_bits).c_str());
            received++;
        }
        holding = top->s_axis_tvalid && !in_fire;
        top->aclk = 1;
        top->eval();
        top->aclk = 0;
        top->eval();
        if (in_fire) {
            sent++;
            loaded = false;
        }
        cycle++;
        if (idle > 0 && cycle - last_event > idle) break;
    }
#ifdef FX_FIFOS
    if (received != n_out) std::fprintf(out, "F %s\n", getPort(top->fx_fifo_full, FX_FIFOS).c_str());
#endif
    std::fprintf(out, "E %ld %s\n", cycle, received == n_out ? "ok" : "stall");
    std::fclose(out);
    top->final();
    return 0;
}
