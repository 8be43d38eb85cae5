// Testbench of fx_cast: one parameterisation per run. Reads N vectors from the
// hex file given by +vectors=<file>; each line is {x, expected y}, IN_W + OUT_W
// bits. Prints one "MISMATCH index x got expected" line per wrong result and a
// final "DONE checked=<n> errors=<e>" line.
`timescale 1ns / 1ps
module fx_cast_tb #(
  parameter integer IN_W = 8,
  parameter integer IN_FRAC = 0,
  parameter integer IN_SIGNED = 1,
  parameter integer OUT_W = 8,
  parameter integer OUT_FRAC = 0,
  parameter integer OUT_SIGNED = 1,
  parameter integer QUANT = 0,
  parameter integer OVF = 0,
  parameter integer N = 1
);
  reg [IN_W+OUT_W-1:0] vec [0:N-1];
  reg [IN_W-1:0] x;
  reg [OUT_W-1:0] want;
  wire [OUT_W-1:0] y;
  integer i;
  integer errors;
  reg [1023:0] path;

  fx_cast #(
    .IN_W(IN_W), .IN_FRAC(IN_FRAC), .IN_SIGNED(IN_SIGNED),
    .OUT_W(OUT_W), .OUT_FRAC(OUT_FRAC), .OUT_SIGNED(OUT_SIGNED),
    .QUANT(QUANT), .OVF(OVF)
  ) dut (.x(x), .y(y));

  initial begin
    if (!$value$plusargs("vectors=%s", path)) begin
      $display("ERROR no +vectors=<file>");
      $finish;
    end
    $readmemh(path, vec);
    errors = 0;
    for (i = 0; i < N; i = i + 1) begin
      {x, want} = vec[i];
      #1;
      if (y !== want) begin
        errors = errors + 1;
        if (errors <= 20) $display("MISMATCH %0d %h %h %h", i, x, y, want);
      end
    end
    $display("DONE checked=%0d errors=%0d", N, errors);
    $finish;
  end
endmodule
