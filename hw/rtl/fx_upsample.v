// fx_upsample: nearest-neighbour upsampling of a stream of pixels in raster
// order, by FY rows and FX columns. Each input row is taken once, pixel by
// pixel, and kept in a row buffer of W pixels: in the first of its FY output
// rows each input pixel leaves FX times as it arrives; the other FY-1 rows
// are read from the buffer. One output pixel per step; back-pressure stalls.
module fx_upsample #(
  parameter integer PIX = 8,
  parameter integer H = 1,
  parameter integer W = 1,
  parameter integer FY = 1,
  parameter integer FX = 1,
  parameter integer YW = 1,
  parameter integer XW = 1,
  parameter integer RW = 1,
  parameter integer CW = 1
) (
  input  wire clk,
  input  wire rst,
  input  wire in_valid,
  output wire in_ready,
  input  wire [PIX-1:0] x,
  output wire out_valid,
  input  wire out_ready,
  output wire [PIX-1:0] y
);
  localparam [31:0] H_END = H - 1;
  localparam [31:0] W_END = W - 1;
  localparam [31:0] FY_END = FY - 1;
  localparam [31:0] FX_END = FX - 1;
  localparam [YW-1:0] IY_LAST = H_END[YW-1:0];
  localparam [XW-1:0] IX_LAST = W_END[XW-1:0];
  localparam [RW-1:0] R_LAST = FY_END[RW-1:0];
  localparam [CW-1:0] C_LAST = FX_END[CW-1:0];

  reg [YW-1:0] iy;
  reg [XW-1:0] ix;
  reg [RW-1:0] r;
  reg [CW-1:0] c;
  reg ov;
  reg [PIX-1:0] yr;
  reg [W*PIX-1:0] row;

  wire fresh = (r == {RW{1'b0}}) & (c == {CW{1'b0}});
  wire go = ~ov | out_ready;
  wire step = go & (~fresh | in_valid);
  assign in_ready = fresh & go;
  assign out_valid = ov;
  assign y = yr;
  wire [PIX-1:0] held = row[ix*PIX +: PIX];
  wire [PIX-1:0] pix = fresh ? x : held;

  always @(posedge clk) begin
    if (rst) begin
      iy <= {YW{1'b0}};
      ix <= {XW{1'b0}};
      r <= {RW{1'b0}};
      c <= {CW{1'b0}};
      ov <= 1'b0;
    end else begin
      if (out_ready) ov <= 1'b0;
      if (step) begin
        ov <= 1'b1;
        if (c != C_LAST) c <= c + 1'b1;
        else begin
          c <= {CW{1'b0}};
          if (ix != IX_LAST) ix <= ix + 1'b1;
          else begin
            ix <= {XW{1'b0}};
            if (r != R_LAST) r <= r + 1'b1;
            else begin
              r <= {RW{1'b0}};
              iy <= (iy == IY_LAST) ? {YW{1'b0}} : iy + 1'b1;
            end
          end
        end
      end
    end
  end

  // data registers: no reset needed, the valid flag guards them
  always @(posedge clk) begin
    if (step) yr <= pix;
    if (step & fresh) row[ix*PIX +: PIX] <= x;
  end
endmodule
