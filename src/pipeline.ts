/**
 * The one place that wires stages: an explicit ordered list of named passes
 * from a graph to a verified dataflow design. `--dump-after NAME` prints the
 * IR after any of them.
 */
import type { Dataflow } from './ir/dataflow/types.js';
import { printDataflow } from './ir/dataflow/print.js';
import { verifyDataflow } from './ir/dataflow/verify.js';
import type { Graph, GraphNode } from './ir/graph/types.js';
import { printGraph } from './ir/graph/print.js';
import { verifyGraph } from './ir/graph/verify.js';
import { checkConfigNames, type PrecisionConfig } from './lower/config.js';
import { foldBatchnorm } from './ir/graph/fold-batchnorm.js';
import { lowerGraph } from './lower/lower.js';
import { CompileError } from './core/diagnostics.js';

export interface PassContext {
  readonly config: PrecisionConfig;
  readonly configFile?: string;
  /** filled by fold-batchnorm: Dense name → the BatchNorm folded into it */
  folded: Map<string, GraphNode>;
}

type GraphPass = { readonly name: string; readonly kind: 'graph'; run(g: Graph, ctx: PassContext): Graph };
type LowerPass = { readonly name: string; readonly kind: 'lower'; run(g: Graph, ctx: PassContext): Dataflow };
type DataflowPass = { readonly name: string; readonly kind: 'dataflow'; run(d: Dataflow, ctx: PassContext): Dataflow };
export type Pass = GraphPass | LowerPass | DataflowPass;

export const PASSES: readonly Pass[] = [
  {
    name: 'verify-graph',
    kind: 'graph',
    run: (g, ctx) => {
      verifyGraph(g);
      checkConfigNames(ctx.config, g, ctx.configFile);
      return g;
    },
  },
  {
    name: 'fold-batchnorm',
    kind: 'graph',
    run: (g, ctx) => {
      const r = foldBatchnorm(g);
      for (const [k, v] of r.foldedInto) ctx.folded.set(k, v);
      return r.graph;
    },
  },
  { name: 'lower', kind: 'lower', run: (g, ctx) => lowerGraph(g, ctx.config, { configFile: ctx.configFile, folded: ctx.folded }) },
  {
    name: 'verify-dataflow',
    kind: 'dataflow',
    run: (d) => {
      verifyDataflow(d);
      return d;
    },
  },
];

export const PASS_NAMES = PASSES.map((p) => p.name);

export interface CompileOptions {
  readonly config?: PrecisionConfig;
  readonly configFile?: string;
  /** called with the IR text after the named pass */
  readonly dumpAfter?: { readonly pass: string; readonly write: (text: string) => void };
}

export function compileGraph(graph: Graph, opts: CompileOptions = {}): Dataflow {
  if (opts.dumpAfter && !PASS_NAMES.includes(opts.dumpAfter.pass)) {
    throw new CompileError('FF014', `--dump-after: no pass named '${opts.dumpAfter.pass}' (passes: ${PASS_NAMES.join(', ')})`);
  }
  const ctx: PassContext = { config: opts.config ?? {}, configFile: opts.configFile, folded: new Map() };
  let g: Graph = graph;
  let d: Dataflow | undefined;
  for (const pass of PASSES) {
    if (pass.kind === 'graph') g = pass.run(g, ctx);
    else if (pass.kind === 'lower') d = pass.run(g, ctx);
    else if (d) d = pass.run(d, ctx);
    if (opts.dumpAfter?.pass === pass.name) opts.dumpAfter.write(d && pass.kind !== 'graph' ? printDataflow(d) : printGraph(g));
  }
  if (!d) throw new Error('pipeline has no lowering pass');
  return d;
}
