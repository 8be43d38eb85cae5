// fx_accum: the front of a global pooling layer. It reads the P pixels of an
// image (C channels of IW bits each, channel c at [c*IW +: IW]) one per beat
// and, at the last one, emits one pixel: per channel the exact sum of the P
// values (KIND 0) or their maximum (KIND 1), each as an OW-bit two's-complement
// (SIGNED_IN = 1) or unsigned (SIGNED_IN = 0) code on the input's grid. OW
// holds every possible result (the emitter makes it IW + ceil(log2 P) for a
// sum, IW for a maximum; P >= 2). Only C running values are stored, instead of a
// window over the whole map: sums and maxima do not depend on the order.
//
// The result waits in the output register until taken; only the last pixel
// of an image needs that register free, so back-pressure stalls the input
// there and nowhere else.
module fx_accum #(
  parameter integer C = 1,
  parameter integer IW = 8,
  parameter integer OW = 8,
  parameter integer SIGNED_IN = 1,
  parameter integer KIND = 0,
  parameter integer P = 1,
  parameter integer PW = 1
) (
  input  wire clk,
  input  wire rst,
  input  wire in_valid,
  output wire in_ready,
  input  wire [C*IW-1:0] x,
  output wire out_valid,
  input  wire out_ready,
  output wire [C*OW-1:0] y
);
  localparam [31:0] P_END = P - 1;
  localparam [PW-1:0] P_LAST = P_END[PW-1:0];

  reg [PW-1:0] p;
  reg ov;
  reg [C*OW-1:0] acc;
  reg [C*OW-1:0] yr;

  wire last = p == P_LAST;
  assign in_ready = ~last | ~ov | out_ready;
  wire fire = in_valid & in_ready;
  assign out_valid = ov;
  assign y = yr;

  // the running value after this pixel, per channel; acc restarts from the identity (0 for a sum, the smallest
  // code for a maximum) after each image, through the flip-flops' synchronous set/reset, so the datapath is a bare
  // adder, or a compare and a select
  wire [C*OW-1:0] total;
  wire [C*OW-1:0] start;
  genvar c;
  generate
    for (c = 0; c < C; c = c + 1) begin : g_ch
      wire [OW-1:0] xe;
      if (OW == IW) begin : g_same
        assign xe = x[c*IW +: IW];
      end else if (SIGNED_IN != 0) begin : g_s
        assign xe = {{(OW - IW){x[c*IW + IW - 1]}}, x[c*IW +: IW]};
      end else begin : g_u
        assign xe = {{(OW - IW){1'b0}}, x[c*IW +: IW]};
      end
      wire [OW-1:0] a = acc[c*OW +: OW];
      if (KIND == 0) begin : g_sum
        assign total[c*OW +: OW] = a + xe;
        assign start[c*OW +: OW] = {OW{1'b0}};
      end else begin : g_max
        wire greater;
        if (SIGNED_IN != 0) begin : g_cs
          assign greater = $signed(xe) > $signed(a);
          assign start[c*OW +: OW] = {1'b1, {(OW - 1){1'b0}}};
        end else begin : g_cu
          assign greater = xe > a;
          assign start[c*OW +: OW] = {OW{1'b0}};
        end
        assign total[c*OW +: OW] = greater ? xe : a;
      end
    end
  endgenerate

  always @(posedge clk) begin
    if (rst) begin
      p <= {PW{1'b0}};
      ov <= 1'b0;
    end else begin
      if (out_ready) ov <= 1'b0;
      if (fire) begin
        if (last) begin
          p <= {PW{1'b0}};
          ov <= 1'b1;
        end else begin
          p <= p + 1'b1;
        end
      end
    end
  end

  // the running value: a synchronous set/reset to the identity (reset, or an image's last pixel), else an enable
  always @(posedge clk) begin
    if (rst | (fire & last)) acc <= start;
    else if (fire) acc <= total;
  end

  // the output register: ov guards it
  always @(posedge clk) begin
    if (fire & last) yr <= total;
  end
endmodule
