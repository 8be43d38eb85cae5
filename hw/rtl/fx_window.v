// fx_window: sliding window over a stream of pixels in raster order, with
// a line buffer of shift registers.
//
// The unit walks the padded image (HP x WP positions, raster order), one
// position per step. At a real position it consumes one input pixel (PIX
// bits: all channels of one position); at a padding position it consumes
// nothing and shifts in the constant PAD (0 for convolution, the smallest
// code for max pooling: it can never win the compare). Each step shifts the
// pixel into the line buffer of L = (KH-1)*WP + KW pixels; when the step's
// position is the bottom-right corner of an output window (ROW_EMIT[py] &
// COL_EMIT[px], computed by the emitter from strides and output size), the
// whole window is registered on y with its mask m (bit t = tap t is a real
// pixel). Tap t = ky*KW + kx is pixel t of y: [t*PIX +: PIX].
//
// A window waits in the output register until taken (out_valid & out_ready);
// the walk stalls meanwhile, so back-pressure propagates upstream.
// Windows never read across images: every tap lies in the current padded image.
module fx_window #(
  parameter integer PIX = 8,
  parameter integer HP = 1,
  parameter integer WP = 1,
  parameter integer KH = 1,
  parameter integer KW = 1,
  parameter integer YW = 1,
  parameter integer XW = 1,
  parameter [HP-1:0] ROW_REAL = {HP{1'b1}},
  parameter [WP-1:0] COL_REAL = {WP{1'b1}},
  parameter [HP-1:0] ROW_EMIT = {HP{1'b1}},
  parameter [WP-1:0] COL_EMIT = {WP{1'b1}},
  parameter [PIX-1:0] PAD = {PIX{1'b0}}
) (
  input  wire clk,
  input  wire rst,
  input  wire in_valid,
  output wire in_ready,
  input  wire [PIX-1:0] x,
  output wire out_valid,
  input  wire out_ready,
  output wire [KH*KW*PIX-1:0] y,
  output wire [KH*KW-1:0] m
);
  localparam integer L = (KH - 1) * WP + KW;
  localparam [31:0] Y_END = HP - 1;
  localparam [31:0] X_END = WP - 1;
  localparam [YW-1:0] Y_LAST = Y_END[YW-1:0];
  localparam [XW-1:0] X_LAST = X_END[XW-1:0];

  reg [YW-1:0] py;
  reg [XW-1:0] px;
  reg ov;
  reg [KH*KW*PIX-1:0] yr;
  reg [KH*KW-1:0] mr;

  wire real_pos = ROW_REAL[py] & COL_REAL[px];
  wire emit = ROW_EMIT[py] & COL_EMIT[px];
  wire free = ~ov | out_ready;
  wire go = ~emit | free;
  wire step = go & (~real_pos | in_valid);
  assign in_ready = real_pos & go;
  assign out_valid = ov;
  assign y = yr;
  assign m = mr;

  wire [PIX-1:0] pix = real_pos ? x : PAD;
  // the line buffer after this step: the newest pixel at index 0
  wire [L*PIX-1:0] nsr;
  wire [L-1:0] nsf;
  generate
    if (L == 1) begin : g_single
      assign nsr = pix;
      assign nsf = real_pos;
    end else begin : g_line
      reg [(L-1)*PIX-1:0] sr;
      reg [L-2:0] sf;
      assign nsr = {sr, pix};
      assign nsf = {sf, real_pos};
      always @(posedge clk) begin
        if (step) begin
          sr <= nsr[(L-1)*PIX-1:0];
          sf <= nsf[L-2:0];
        end
      end
    end
  endgenerate

  // taps: (ky, kx) is (KH-1-ky) rows and (KW-1-kx) columns behind the newest pixel
  wire [KH*KW*PIX-1:0] taps;
  wire [KH*KW-1:0] flags;
  genvar ky, kx;
  generate
    for (ky = 0; ky < KH; ky = ky + 1) begin : g_row
      for (kx = 0; kx < KW; kx = kx + 1) begin : g_col
        assign taps[(ky*KW+kx)*PIX +: PIX] = nsr[((KH-1-ky)*WP + (KW-1-kx))*PIX +: PIX];
        assign flags[ky*KW+kx] = nsf[(KH-1-ky)*WP + (KW-1-kx)];
      end
    end
  endgenerate

  always @(posedge clk) begin
    if (rst) begin
      py <= {YW{1'b0}};
      px <= {XW{1'b0}};
      ov <= 1'b0;
    end else begin
      if (out_ready) ov <= 1'b0;
      if (step) begin
        if (emit) ov <= 1'b1;
        if (px == X_LAST) begin
          px <= {XW{1'b0}};
          py <= (py == Y_LAST) ? {YW{1'b0}} : py + 1'b1;
        end else begin
          px <= px + 1'b1;
        end
      end
    end
  end

  // data registers: no reset needed, the valid flag guards them
  always @(posedge clk) begin
    if (step & emit) begin
      yr <= taps;
      mr <= flags;
    end
  end
endmodule
