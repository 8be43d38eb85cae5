/**
 * The Yosys script. Layer modules keep their hierarchy (so every layer gets
 * its own figures) while library instances flatten into them. Multipliers
 * are counted on the coarse netlist, after constant folding and width
 * reduction and before any DSP or LUT mapping; the deepest path is measured
 * on the fully flattened, mapped netlist.
 */
import { SUM_PREFIXES } from '../../backends/verilog/datapath.js';
import type { SynthTarget } from './resources.js';

/** Register and memory cells of both targets. */
const SEQUENTIAL_CELLS = ['FD*', 'LD*', 'SRL*', 'RAMB*', 'SB_DFF*', 'SB_RAM*', 'SB_SPRAM*'];

export interface ScriptSpec {
  readonly files: readonly string[];
  readonly top: string;
  readonly layers: readonly string[];
  /** modules inside layer modules (streaming designs: datapaths), flattened into them */
  readonly parts?: readonly string[];
  readonly target: SynthTarget;
  /** xilinx family (synth_xilinx -family), default xc7 */
  readonly family?: string;
  /** iCE40: map multipliers to SB_MAC16 (UltraPlus parts) */
  readonly ice40Dsp?: boolean;
}

export function yosysScript(s: ScriptSpec): string {
  const synth =
    s.target === 'xilinx'
      ? `synth_xilinx -flatten -noiopad -family ${s.family ?? 'xc7'} -top ${s.top}`
      : `synth_ice40 ${s.ice40Dsp ? '-dsp ' : ''}-top ${s.top}`;
  return [
    ...s.files.map((f) => `read_verilog ${f}`),
    `hierarchy -check -top ${s.top}`,
    `setattr -mod -set keep_hierarchy 1 ${s.layers.join(' ')}`,
    // adder-tree nodes stay as emitted (binary trees of carry-chain adders)
    `setattr -set keep 1 ${[...s.layers, ...(s.parts ?? [])].flatMap((l) => SUM_PREFIXES.map((p) => `${l}/w:${p}*`)).join(' ')}`,
    'proc',
    'flatten',
    'opt_expr',
    'opt_clean',
    'opt -nodffe -nosdff',
    'wreduce',
    'opt_clean',
    'tee -q -o coarse.json stat -json',
    synth,
    'tee -q -o final.json stat -json',
    'setattr -mod -unset keep_hierarchy *',
    'flatten',
    'opt_clean',
    // ltp does not know the target's flip-flops: leave them (and memories) out, so paths end at registers
    `tee -q -o ltp.txt ltp -noff w:* t:* %u ${SEQUENTIAL_CELLS.map((c) => `t:${c} %d`).join(' ')}`,
    // a lean netlist for the depth analysis: no source attributes, no wire names beyond what connects cells
    'setattr -unset keep w:*',
    'setattr -unset src',
    'setattr -unset src w:*',
    'opt_clean -purge',
    'write_json netlist.json',
    '',
  ].join('\n');
}
