/**
 * The cut-down CI version of `npm run verify:examples`: the bundled
 * Fashion-MNIST CNN at its 10-bit design, on a few real test images, through
 * every rung of the ladder: the TS golden model, g++ csim in both io styles,
 * Verilator and Icarus at full speed and under backpressure. Equal integers
 * on every image. (The full run takes 100 images; see examples/cnn/README.md.)
 */
import { describe, expect, it } from 'vitest';
import { imageRows, readFashionMnist } from '../../src/datasets/fashion-mnist.js';
import { importTfjs } from '../../src/frontends/tfjs/index.js';
import { runLadder } from '../../src/ladder.js';
import { emitVerilogDesign } from '../../src/backends/verilog/emit.js';
import { estimateDesign } from '../../src/explore/cost/estimate.js';
import { loadConfig } from '../../src/lower/config.js';
import { quantizeInputs } from '../../sim/simulate.js';
import { profiledDesign } from '../../examples/cnn/profiled-config.js';
import { skipWithout } from '../verilog/helpers/tool-gate.js';

const skip = skipWithout('g++', 'verilator', 'iverilog');

describe.skipIf(skip)('the bundled CNN on every rung', () => {
  it('simulator == TS model == csim (parallel, stream) == Verilator == Icarus on 4 test images', async () => {
    const graph = await importTfjs('examples/cnn/model/model.json');
    const base = loadConfig('examples/cnn/config.yaml');
    const calib = readFashionMnist('train', { limit: 2000 });
    const df = profiledDesign(graph, base, calib.images, calib.count, 10);
    const test = readFashionMnist('test', { limit: 4 });
    const vectors = quantizeInputs(df, imageRows(test));
    const rows = await runLadder(df, vectors, { backends: ['ts', 'hls', 'verilog'] });
    expect(rows.map((r) => r.rung)).toEqual([
      'simulator (reference)',
      'ts specialized model',
      'hls csim io_parallel (g++)',
      'hls csim io_stream (g++)',
      'verilator full-speed',
      'verilator backpressure',
      'icarus full-speed',
      'icarus backpressure',
    ]);
    for (const r of rows) expect({ rung: r.rung, vectors: r.vectors, mismatches: r.mismatches, stalled: r.stalled ?? false }).toEqual({ rung: r.rung, vectors: 4, mismatches: 0, stalled: false });
    const full = rows.find((r) => r.rung === 'verilator full-speed');
    // one padded input position per cycle: at least the 28×28 pixels of an image between images
    expect(full?.ii).toBeGreaterThanOrEqual(28 * 28);
    // the backend's figures (the handshake model) and the cost model's are the measured cycles exactly
    const design = emitVerilogDesign(df);
    const est = estimateDesign(df);
    expect({ ii: full?.ii, latency: full?.latency?.min, latencyMax: full?.latency?.max }).toEqual({ ii: design.layout.ii, latency: design.layout.latency, latencyMax: design.stream?.latencyMax });
    expect({ ii: est.ii, latency: est.latency }).toEqual({ ii: design.layout.ii, latency: design.layout.latency });
  }, 900_000);
});
