/**
 * Shared frame of the 'pipe' layers: a ModuleBuilder with the input bus x
 * (one raw code per element, element i at bits [i·W +: W]) read element by
 * element, and the output bus y written from datapath signals.
 */
import { fracBits, maxRaw, minRaw, type FixedType } from '../../../fixed/fixed-type.js';
import { shapeSize } from '../../../ir/graph/types.js';
import type { DfNode } from '../../../ir/dataflow/types.js';
import { codeExpr } from '../cast-sig.js';
import { moduleText } from '../module-text.js';
import { ModuleBuilder } from '../module-builder.js';
import type { Sig } from '../signal.js';
import type { EmittedLayer, LayerContext } from './layer-types.js';

export class PipeLayer {
  readonly b: ModuleBuilder;
  private readonly elems = new Map<number, Sig>();
  multipliers = 0;

  /** `xBits`: the width of x when its elements are not all of ctx.inType (read them with inputAt). */
  constructor(
    readonly node: DfNode,
    readonly ctx: LayerContext,
    xBits?: number,
  ) {
    this.b = new ModuleBuilder(node.name, ctx.opts.stageLevels);
    this.b.port('input', 'x', xBits ?? ctx.inSize * ctx.inType.width);
    this.b.port('output', 'y', shapeSize(node.shape) * node.type.width);
  }

  /** Element i of the input, as a signed datapath signal. */
  input(i: number): Sig {
    return this.inputAt(i * this.ctx.inType.width, this.ctx.inType);
  }

  /** The element of type `t` at bit `offset` of x, as a signed datapath signal. */
  inputAt(offset: number, t: FixedType): Sig {
    const hit = this.elems.get(offset);
    if (hit) return hit;
    const slice = `x[${offset + t.width - 1}:${offset}]`;
    const w = t.signed ? t.width : t.width + 1;
    const expr = t.signed ? slice : `{1'b0, ${slice}}`;
    const name = this.b.wire('x', w, expr);
    const s: Sig = { name, width: w, frac: fracBits(t), min: minRaw(t), max: maxRaw(t), stage: 0, depth: this.ctx.inDepth };
    this.elems.set(offset, s);
    return s;
  }

  /** The table reads of the rendered module, each synchronous when its address or its value is a register. */
  private romReads(text: string): NonNullable<EmittedLayer['romReads']> {
    const reads = this.b.romReads;
    const registered = this.b.registeredOnly(reads.map((r) => r.wire), text);
    return reads.map((r) => ({ entries: r.entries, width: r.width, synchronous: r.registeredAddress || registered.has(r.wire) }));
  }

  /** Write y from one value of the node's type per element; returns the emitted layer. */
  finish(outs: readonly Sig[], notes: readonly string[] = []): EmittedLayer {
    const b = this.b;
    const t: FixedType = this.node.type;
    const live = outs.filter((s) => s.konst === undefined);
    const stage = live.length > 0 ? Math.max(...live.map((s) => s.stage)) : 0;
    const aligned = outs.map((s) => b.at(s, stage));
    const depth = Math.max(0, ...aligned.filter((s) => s.konst === undefined && s.stage === stage).map((s) => s.depth));
    const codes = aligned.map((s) => codeExpr(b, s, t));
    b.raw(`  assign y = {${[...codes].reverse().join(', ')}};`);
    const text = moduleText(this.node, b, notes);
    return {
      node: this.node,
      module: this.node.name,
      text,
      kind: 'pipe',
      clocked: b.clocked,
      latency: stage,
      ii: 1,
      outDepth: live.length > 0 ? depth : 0,
      multipliers: this.multipliers,
      romReads: this.romReads(text),
    };
  }
}
