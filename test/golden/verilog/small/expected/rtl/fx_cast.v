// fx_cast: assign a fixed-point value to a fixed-point type, exactly as
// SEMANTICS.md says (the meaning of ap_fixed assignment): quantize the exact
// value to the target grid, then apply the overflow mode. Combinational.
//
// The input is IN_W raw bits with IN_FRAC fractional bits (value raw * 2^-IN_FRAC),
// two's complement when IN_SIGNED = 1, else unsigned. The output is the raw code
// of the target type: OUT_W bits, OUT_FRAC = W - I fractional bits.
// IN_FRAC and OUT_FRAC may be any integers (negative, or larger than the width).
//
// QUANT: 0 TRN, 1 TRN_ZERO, 2 RND, 3 RND_ZERO, 4 RND_MIN_INF, 5 RND_INF, 6 RND_CONV
// OVF:   0 WRAP, 1 SAT, 2 SAT_ZERO, 3 SAT_SYM
//
// Widths inside are chosen so that no intermediate value ever overflows:
// the only loss of information is the one the target type defines.
module fx_cast #(
  parameter integer IN_W = 8,
  parameter integer IN_FRAC = 0,
  parameter integer IN_SIGNED = 1,
  parameter integer OUT_W = 8,
  parameter integer OUT_FRAC = 0,
  parameter integer OUT_SIGNED = 1,
  parameter integer QUANT = 0,
  parameter integer OVF = 0
) (
  input  wire [IN_W-1:0]  x,
  output wire [OUT_W-1:0] y
);
  // the input as a signed number (unsigned inputs gain a zero sign bit)
  localparam integer SW = IN_SIGNED != 0 ? IN_W : IN_W + 1;
  // right shift from the input grid to the output grid (negative: left shift)
  localparam integer S = IN_FRAC - OUT_FRAC;
  localparam integer LS = S < 0 ? -S : 0;
  localparam integer RS = S > 0 ? S : 1;
  // the input sign-extended so that floor(x / 2^RS) keeps at least one bit
  localparam integer EXT_W = (SW > RS ? SW : RS) + 1;
  // the quantized value q: QW bits, signed, never overflowing
  localparam integer QW = S > 0 ? EXT_W - RS + 1 : SW + LS;
  // q widened so that the range test has at least two bits above the target
  localparam integer XW = (QW > OUT_W + 1 ? QW : OUT_W + 1) + 1;

  wire [SW-1:0] xs;
  wire [QW-1:0] q;

  generate
    if (IN_SIGNED != 0) begin : g_in_signed
      assign xs = x;
    end else begin : g_in_unsigned
      assign xs = {1'b0, x};
    end

    if (S <= 0) begin : g_left
      // exact: append LS zero bits
      if (LS == 0) begin : g_same
        assign q = xs;
      end else begin : g_shift
        assign q = {xs, {LS{1'b0}}};
      end
    end else begin : g_right
      // q = floor(x / 2^S) + inc; the rounding increment inc depends on the
      // remainder r = x mod 2^S (the low S bits: r_msb is its half bit,
      // r_low_nz says whether any bit below it is set), the sign and q's parity.
      // TRN reads no remainder bit and RND only the half bit: the rest are
      // dropped by definition.
      /* verilator lint_off UNUSEDSIGNAL */
      wire [EXT_W-1:0] ext = {{(EXT_W - SW){xs[SW-1]}}, xs};
      /* verilator lint_on UNUSEDSIGNAL */
      wire [EXT_W-RS-1:0] fl = ext[EXT_W-1:RS];
      // not every mode reads every one of these (TRN none, RND only r_msb)
      /* verilator lint_off UNUSEDSIGNAL */
      wire r_msb = ext[RS-1];
      wire r_low_nz;
      /* verilator lint_on UNUSEDSIGNAL */
      wire inc;
      if (RS >= 2) begin : g_low
        assign r_low_nz = |ext[RS-2:0];
      end else begin : g_nolow
        assign r_low_nz = 1'b0;
      end
      if (QUANT == 0) begin : g_trn
        assign inc = 1'b0;
      end else if (QUANT == 1) begin : g_trn_zero
        assign inc = ext[EXT_W-1] & (r_msb | r_low_nz);
      end else if (QUANT == 2) begin : g_rnd
        assign inc = r_msb;
      end else if (QUANT == 3) begin : g_rnd_zero
        assign inc = r_msb & (r_low_nz | ext[EXT_W-1]);
      end else if (QUANT == 4) begin : g_rnd_min_inf
        assign inc = r_msb & r_low_nz;
      end else if (QUANT == 5) begin : g_rnd_inf
        assign inc = r_msb & (r_low_nz | ~ext[EXT_W-1]);
      end else begin : g_rnd_conv
        assign inc = r_msb & (r_low_nz | fl[0]);
      end
      assign q = {fl[EXT_W-RS-1], fl} + {{(QW - 1){1'b0}}, inc};
    end
  endgenerate

  // overflow: q is in range when its bits above the target width are all
  // copies of the sign (signed target) or all zero (unsigned target).
  // WRAP keeps only the low OUT_W bits: the bits above are dropped by definition.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [XW-1:0] qx = {{(XW - QW){q[QW-1]}}, q};
  /* verilator lint_on UNUSEDSIGNAL */
  wire [OUT_W-1:0] low = qx[OUT_W-1:0];
  // WRAP reads neither of these, SAT_ZERO only in_range
  /* verilator lint_off UNUSEDSIGNAL */
  wire q_neg = qx[XW-1];
  wire in_range;
  /* verilator lint_on UNUSEDSIGNAL */
  localparam [OUT_W-1:0] ONES = {OUT_W{1'b1}};
  localparam [OUT_W-1:0] HI = OUT_SIGNED != 0 ? ONES >> 1 : ONES;
  localparam [OUT_W-1:0] LO = OUT_SIGNED != 0 ? ~HI : {OUT_W{1'b0}};
  localparam [OUT_W-1:0] SYM_LO = {OUT_W{1'b0}} - HI;  // -max

  generate
    if (OUT_SIGNED != 0) begin : g_out_signed
      wire [XW-OUT_W:0] top = qx[XW-1:OUT_W-1];
      assign in_range = (&top) | ~(|top);
    end else begin : g_out_unsigned
      wire [XW-OUT_W-1:0] top = qx[XW-1:OUT_W];
      assign in_range = ~(|top);
    end

    if (OVF == 0) begin : g_wrap
      assign y = low;
    end else if (OVF == 1 || (OVF == 3 && OUT_SIGNED == 0)) begin : g_sat
      assign y = in_range ? low : (q_neg ? LO : HI);
    end else if (OVF == 2) begin : g_sat_zero
      assign y = in_range ? low : {OUT_W{1'b0}};
    end else begin : g_sat_sym
      // the most negative code is below -max: it saturates too
      assign y = in_range ? (low == LO ? SYM_LO : low) : (q_neg ? SYM_LO : HI);
    end
  endgenerate
endmodule
