// fx_fifo: a first-word-fall-through FIFO of DEPTH words between two
// valid/ready streams. A full FIFO still accepts a word in a cycle where one
// leaves (in_ready = ~full | out_ready), so DEPTH = 1 runs at one word per
// cycle. `full` is exported for stall reports (which FIFO blocked a design).
module fx_fifo #(
  parameter integer WIDTH = 8,
  parameter integer DEPTH = 2,
  parameter integer AW = 1
) (
  input  wire clk,
  input  wire rst,
  input  wire in_valid,
  output wire in_ready,
  input  wire [WIDTH-1:0] x,
  output wire out_valid,
  input  wire out_ready,
  output wire [WIDTH-1:0] y,
  output wire full
);
  localparam [31:0] D32 = DEPTH;
  localparam [31:0] L32 = DEPTH - 1;
  localparam [AW:0] FULL = D32[AW:0];
  localparam [AW-1:0] LAST = L32[AW-1:0];
  reg [WIDTH-1:0] mem [0:DEPTH-1];
  reg [AW-1:0] wp;
  reg [AW-1:0] rp;
  reg [AW:0] cnt;

  assign full = cnt == FULL;
  assign out_valid = cnt != {(AW+1){1'b0}};
  assign in_ready = ~full | out_ready;
  assign y = mem[rp];
  wire wr = in_valid & in_ready;
  wire rd = out_valid & out_ready;

  always @(posedge clk) begin
    if (rst) begin
      wp <= {AW{1'b0}};
      rp <= {AW{1'b0}};
      cnt <= {(AW+1){1'b0}};
    end else begin
      if (wr) wp <= (wp == LAST) ? {AW{1'b0}} : wp + 1'b1;
      if (rd) rp <= (rp == LAST) ? {AW{1'b0}} : rp + 1'b1;
      if (wr & ~rd) cnt <= cnt + 1'b1;
      else if (rd & ~wr) cnt <= cnt - 1'b1;
    end
  end

  always @(posedge clk) begin
    if (wr) mem[wp] <= x;
  end
endmodule
