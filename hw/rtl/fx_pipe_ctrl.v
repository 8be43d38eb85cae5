// fx_pipe_ctrl: valid/ready control of a pipeline of DEPTH register stages
// whose data registers are all enabled by one clock enable ce.
//
// The pipeline advances (ce = 1) unless its last stage holds a valid sample
// that the consumer does not take: back-pressure stalls the whole pipeline,
// and a sample is accepted exactly when in_valid and in_ready are both high.
// The valid and last flags of each stage travel in shift registers next to
// the data. DEPTH = 0 is a combinational pass-through.
module fx_pipe_ctrl #(
  parameter integer DEPTH = 1
) (
  input  wire clk,
  input  wire rst,
  input  wire in_valid,
  input  wire in_last,
  output wire in_ready,
  output wire ce,
  output wire out_valid,
  output wire out_last,
  input  wire out_ready
);
  generate
    if (DEPTH == 0) begin : g_comb
      assign ce = out_ready;
      assign in_ready = out_ready;
      assign out_valid = in_valid;
      assign out_last = in_last;
      // a pass-through has no state: clock and reset are not read
      /* verilator lint_off UNUSEDSIGNAL */
      wire unused_clk_rst = clk | rst;
      /* verilator lint_on UNUSEDSIGNAL */
    end else if (DEPTH == 1) begin : g_one
      reg v;
      reg l;
      assign out_valid = v;
      assign out_last = l;
      assign ce = ~v | out_ready;
      assign in_ready = ce;
      always @(posedge clk) begin
        if (rst) v <= 1'b0;
        else if (ce) v <= in_valid;
        if (ce) l <= in_last;
      end
    end else begin : g_many
      reg [DEPTH-1:0] v;
      reg [DEPTH-1:0] l;
      assign out_valid = v[DEPTH-1];
      assign out_last = l[DEPTH-1];
      assign ce = ~v[DEPTH-1] | out_ready;
      assign in_ready = ce;
      always @(posedge clk) begin
        if (rst) v <= {DEPTH{1'b0}};
        else if (ce) v <= {v[DEPTH-2:0], in_valid};
        if (ce) l <= {l[DEPTH-2:0], in_last};
      end
    end
  endgenerate
endmodule
