// Icarus testbench of a fixflow top module (name given by -DFX_TOP=<name>).
// The same protocol as axis_harness.cpp, cycle for cycle, with the same
// xorshift32 stimuli: reads hex tdata words from +in=<file>, writes
//   I <cycle> / O <cycle> <tlast> <hex> / E <cycles> <ok|stall>
// to +out=<file>, and F <hex> (the top's fx_fifo_full, with -DFX_FIFOS=<bits>)
// after a stall. Plusargs: +n +bp +gap +seed +max_cycles, and +frame (beats per
// image: tlast on the last beat of each) and +idle (stall after that many
// cycles without a transfer), both 0 (off) by default, and +n_out (output
// words expected, default +n).
`timescale 1ns / 1ps
module fx_axis_tb #(
  parameter integer IN_BITS = 8,
  parameter integer OUT_BITS = 8
);
  reg aclk = 1'b0;
  reg aresetn = 1'b0;
  reg [IN_BITS-1:0] s_axis_tdata = {IN_BITS{1'b0}};
  reg s_axis_tvalid = 1'b0;
  reg s_axis_tlast = 1'b0;
  wire s_axis_tready;
  wire [OUT_BITS-1:0] m_axis_tdata;
  wire m_axis_tvalid;
  reg m_axis_tready = 1'b0;
  wire m_axis_tlast;

`ifdef FX_FIFOS
  wire [`FX_FIFOS-1:0] fifo_full;
`endif

  `FX_TOP dut (
    .aclk(aclk), .aresetn(aresetn),
    .s_axis_tdata(s_axis_tdata), .s_axis_tvalid(s_axis_tvalid), .s_axis_tready(s_axis_tready), .s_axis_tlast(s_axis_tlast),
    .m_axis_tdata(m_axis_tdata), .m_axis_tvalid(m_axis_tvalid), .m_axis_tready(m_axis_tready), .m_axis_tlast(m_axis_tlast)
`ifdef FX_FIFOS
    , .fx_fifo_full(fifo_full)
`endif
  );

  reg [31:0] rng_state;
  function [31:0] xorshift(input [31:0] s);
    reg [31:0] v;
    begin
      v = s;
      v = v ^ (v << 13);
      v = v ^ (v >> 17);
      v = v ^ (v << 5);
      xorshift = v;
    end
  endfunction

  integer n, n_out, bp, gap, seed, max_cycles, frame, idle, last_event;
  integer fin, fout, sent, received, cycle, r;
  reg loaded, holding, in_fire, out_fire, drop_valid, drop_ready;
  reg [IN_BITS-1:0] word;
  reg [1023:0] in_path, out_path;

  initial begin
    if (!$value$plusargs("in=%s", in_path) || !$value$plusargs("out=%s", out_path) || !$value$plusargs("n=%d", n)) begin
      $display("usage: +in=<file> +out=<file> +n=<count> [+bp= +gap= +seed= +max_cycles=]");
      $finish;
    end
    if (!$value$plusargs("bp=%d", bp)) bp = 0;
    if (!$value$plusargs("gap=%d", gap)) gap = 0;
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("max_cycles=%d", max_cycles)) max_cycles = 1000000;
    if (!$value$plusargs("frame=%d", frame)) frame = 0;
    if (!$value$plusargs("idle=%d", idle)) idle = 0;
    if (!$value$plusargs("n_out=%d", n_out)) n_out = n;
    last_event = 0;
    rng_state = seed == 0 ? 32'd1 : seed;
    fin = $fopen(in_path, "r");
    fout = $fopen(out_path, "w");
    repeat (3) begin
      #5 aclk = 1'b1;
      #5 aclk = 1'b0;
    end
    aresetn = 1'b1;
    sent = 0;
    received = 0;
    cycle = 0;
    loaded = 1'b0;
    holding = 1'b0;
    while (received < n_out && cycle < max_cycles) begin
      if (!loaded && sent < n) begin
        r = $fscanf(fin, "%h\n", word);
        if (r != 1) begin
          $display("bad input line %0d", sent + 1);
          $finish;
        end
        s_axis_tdata = word;
        s_axis_tlast = frame > 0 ? (sent + 1) % frame == 0 : sent == n - 1;
        loaded = 1'b1;
      end
      rng_state = xorshift(rng_state);
      drop_valid = (rng_state % 100) < gap;
      rng_state = xorshift(rng_state);
      drop_ready = (rng_state % 100) < bp;
      s_axis_tvalid = loaded && (holding || !drop_valid);
      m_axis_tready = !drop_ready;
      #1;
      in_fire = s_axis_tvalid && s_axis_tready;
      out_fire = m_axis_tvalid && m_axis_tready;
      if (in_fire || out_fire) last_event = cycle;
      if (in_fire) $fdisplay(fout, "I %0d", cycle);
      if (out_fire) begin
        $fdisplay(fout, "O %0d %0d %h", cycle, m_axis_tlast, m_axis_tdata);
        received = received + 1;
      end
      holding = s_axis_tvalid && !in_fire;
      #4 aclk = 1'b1;
      #5 aclk = 1'b0;
      if (in_fire) begin
        sent = sent + 1;
        loaded = 1'b0;
      end
      cycle = cycle + 1;
      if (idle > 0 && cycle - last_event > idle) max_cycles = cycle;
    end
`ifdef FX_FIFOS
    if (received != n_out) $fdisplay(fout, "F %h", fifo_full);
`endif
    $fdisplay(fout, "E %0d %s", cycle, received == n_out ? "ok" : "stall");
    $fclose(fout);
    $finish;
  end
endmodule
