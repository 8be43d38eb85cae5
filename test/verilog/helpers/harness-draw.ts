/**
 * The random stimulus of sim/rtl's harnesses (axis_harness.cpp, fx_axis_tb.v):
 * one xorshift32 sequence, two draws per cycle (tvalid gap, then tready drop),
 * so the handshake model can be driven exactly as Verilator and Icarus were.
 */
export function harnessDraw(seed: number, gapPercent: number, backpressurePercent: number): () => { dropValid: boolean; dropReady: boolean } {
  let state = seed >>> 0 || 1;
  const rng = (): number => {
    let x = state;
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    state = x;
    return x;
  };
  return () => {
    const dropValid = rng() % 100 < gapPercent;
    const dropReady = rng() % 100 < backpressurePercent;
    return { dropValid, dropReady };
  };
}
