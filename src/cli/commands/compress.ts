/**
 * `fixflow compress <method> <model>`: one compression step on the graph
 * IR, written as a fixflow graph JSON that `compile`, `verify` and further
 * `compress` steps read. Each step prints parameters, weight bits, MACs and,
 * with --data, float and simulated fixed-point accuracy before and after.
 */
import { stringify } from 'yaml';
import {
  calibratePrecision,
  cpConv,
  distill,
  factorizeDense,
  fineTune,
  lowBitLayers,
  pruneFilters,
  pruneMagnitude,
  pruneUnits,
  separateSpatially,
  tucker2Conv,
  type ConvRankChoice,
  type RangeMethod,
  type RankChoice,
  type UnitCriterion,
} from '../../compress/index.js';
import { CompileError } from '../../core/diagnostics.js';
import { graphToJson } from '../../ir/graph/json.js';
import type { Graph } from '../../ir/graph/types.js';
import { loadConfig, parseConfig, type PrecisionConfig } from '../../lower/config.js';
import { compareTable, loadEvalData, measure, type EvalData } from '../compress-measure.js';
import { loadModel, type ModelFormat } from '../load-model.js';
import { writeOutputFile } from '../output-dir.js';

export const COMPRESS_METHODS = ['prune', 'prune-units', 'prune-filters', 'lowrank', 'lowbit', 'calibrate', 'finetune', 'distill'] as const;
export type CompressMethod = (typeof COMPRESS_METHODS)[number];

export interface CompressArgs {
  readonly output: string;
  readonly force?: boolean;
  readonly config?: string;
  readonly format?: ModelFormat;
  readonly weights?: string;
  readonly data?: string;
  readonly limit?: string;
  // prune / prune-units
  readonly sparsity?: string;
  readonly scope?: string;
  readonly ratio?: string;
  readonly criterion?: string;
  readonly layers?: string;
  // lowrank
  readonly layer?: string;
  readonly rank?: string;
  readonly energy?: string;
  readonly macBudget?: string;
  readonly decomposition?: string;
  // lowbit
  readonly mode?: string;
  // calibrate
  readonly method?: string;
  readonly weightBits?: string;
  readonly activationBits?: string;
  // training
  readonly epochs?: string;
  readonly learningRate?: string;
  readonly trainLimit?: string;
  readonly student?: string;
  readonly temperature?: string;
  readonly alpha?: string;
}

function num(v: string | undefined, flag: string, check: (n: number) => boolean, what: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || !check(n)) throw new CompileError('FF014', `${flag} must be ${what}, got '${v}'`, { field: flag });
  return n;
}

const fraction = (v: string | undefined, flag: string): number | undefined => num(v, flag, (n) => n >= 0 && n < 1, 'a fraction in [0, 1)');
const posInt = (v: string | undefined, flag: string): number | undefined => num(v, flag, (n) => Number.isInteger(n) && n >= 1, 'a positive integer');

function need<T>(v: T | undefined, flag: string, method: string): T {
  if (v === undefined) throw new CompileError('FF014', `compress ${method} needs ${flag}`, { field: flag });
  return v;
}

/** `0.5` (every layer) or `fc1=0.5,fc2=0.8` (per layer). */
function perLayer(v: string | undefined, flag: string): number | Record<string, number> | undefined {
  if (v === undefined) return undefined;
  if (!v.includes('=')) return fraction(v, flag);
  const out: Record<string, number> = {};
  for (const part of v.split(',')) {
    const [name, value] = part.split('=');
    if (!name || value === undefined) throw new CompileError('FF014', `${flag}: expected name=fraction, got '${part}'`, { field: flag });
    out[name] = fraction(value, flag) ?? 0;
  }
  return out;
}

function layerList(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').filter((s) => s !== '');
}

function oneOf<T extends string>(v: string | undefined, flag: string, allowed: readonly T[], dflt?: T): T {
  const x = v ?? dflt;
  if (x === undefined || !(allowed as readonly string[]).includes(x)) throw new CompileError('FF014', `${flag} must be one of ${allowed.join(', ')}, got '${v ?? ''}'`, { field: flag });
  return x as T;
}

async function loadGraph(path: string, args: { format?: ModelFormat; weights?: string }): Promise<Graph> {
  const loaded = await loadModel(path, { ...(args.format ? { format: args.format } : {}), ...(args.weights ? { weights: args.weights } : {}) });
  if (loaded.kind !== 'graph') throw new CompileError('FF014', 'compression works on a model or a graph IR, not on a dataflow IR', { file: path });
  return loaded.graph;
}

function fitOptions(args: CompressArgs, say: (m: string) => void): { epochs: number; learningRate?: number; onProgress: (p: { epoch: number; step: number; loss: number }) => void } {
  const epochs = posInt(args.epochs, '--epochs') ?? 2;
  const lr = num(args.learningRate, '--learning-rate', (n) => n > 0, 'positive');
  return { epochs, ...(lr !== undefined ? { learningRate: lr } : {}), onProgress: (p) => say(`epoch ${p.epoch} step ${p.step} loss ${p.loss.toFixed(4)}`) };
}

function trainData(data: EvalData | undefined, args: CompressArgs, method: string): ReturnType<EvalData['train']> {
  const d = need(data, '--data', method);
  return d.train(posInt(args.trainLimit, '--train-limit'));
}

export async function runCompress(method: string, model: string, args: CompressArgs, out: (s: string) => void): Promise<void> {
  const m = oneOf(method, 'method', COMPRESS_METHODS);
  const say = (s: string): void => {
    process.stderr.write(`  ${s}\n`);
  };
  const config: PrecisionConfig = args.config ? loadConfig(args.config) : {};
  const graph = await loadGraph(model, args);
  const data = loadEvalData(args.data, posInt(args.limit, '--limit'));
  let result: Graph;
  let extra = '';
  let configOut: string | undefined;
  let calibratedObject: unknown;
  switch (m) {
    case 'prune': {
      const sparsity = need(perLayer(args.sparsity, '--sparsity'), '--sparsity', m);
      const r = pruneMagnitude(graph, { sparsity, scope: oneOf<'layer' | 'global'>(args.scope, '--scope', ['layer', 'global'], 'layer'), ...(args.layers ? { layers: layerList(args.layers) } : {}) });
      result = r.graph;
      extra = r.layers.map((l) => `${l.layer}: ${l.zeros} of ${l.weights} weights zero\n`).join('');
      break;
    }
    case 'prune-units': {
      const ratio = need(perLayer(args.ratio, '--ratio'), '--ratio', m);
      const criterion = oneOf<UnitCriterion>(args.criterion, '--criterion', ['l1', 'fpgm', 'bn-slim'], 'l1');
      const r = pruneUnits(graph, { criterion, ratio, ...(args.layers ? { layers: layerList(args.layers) } : {}) });
      result = r.graph;
      extra = r.layers.map((l) => `${l.layer}: ${l.unitsBefore} → ${l.unitsAfter} units\n`).join('');
      break;
    }
    case 'prune-filters': {
      const ratio = need(perLayer(args.ratio, '--ratio'), '--ratio', m);
      const criterion = oneOf<UnitCriterion>(args.criterion, '--criterion', ['l1', 'fpgm', 'bn-slim'], 'l1');
      const r = pruneFilters(graph, { criterion, ratio, ...(args.layers ? { layers: layerList(args.layers) } : {}) });
      result = r.graph;
      extra = r.layers.map((l) => `${l.layer}: ${l.unitsBefore} → ${l.unitsAfter} filters\n`).join('');
      break;
    }
    case 'lowrank': {
      const layer = need(args.layer, '--layer', m);
      const node = graph.nodes.find((n) => n.name === layer);
      if (!node) throw new CompileError('FF019', `the model has no layer '${layer}'`, { layer, field: '--layer' });
      const kind = oneOf(args.decomposition, '--decomposition', ['svd', 'tucker2', 'cp', 'spatial'], node.op === 'dense' ? 'svd' : 'tucker2');
      const ranks = args.rank?.split(',').map((r) => posInt(r, '--rank') ?? 0);
      const energy = num(args.energy, '--energy', (n) => n > 0 && n <= 1, 'a fraction in (0, 1]');
      const budget = posInt(args.macBudget, '--mac-budget');
      const given = [ranks, energy, budget].filter((x) => x !== undefined).length;
      if (given !== 1) throw new CompileError('FF014', 'compress lowrank needs exactly one of --rank, --energy, --mac-budget', { field: '--rank' });
      if (ranks && ranks.length > (kind === 'tucker2' ? 2 : 1)) throw new CompileError('FF014', `--rank takes ${kind === 'tucker2' ? 'one or two ranks (input,output)' : 'one rank'}`, { field: '--rank' });
      const choice: ConvRankChoice =
        ranks !== undefined
          ? ranks.length === 2
            ? { ranks: [ranks[0] ?? 1, ranks[1] ?? 1] }
            : { rank: ranks[0] ?? 1 }
          : energy !== undefined
            ? { energy }
            : { macBudget: budget ?? 0 };
      if (kind === 'svd') {
        if ('ranks' in choice) throw new CompileError('FF014', 'svd takes one rank', { field: '--rank' });
        const r = factorizeDense(graph, layer, choice as RankChoice);
        result = r.graph;
        extra = `${layer}: rank ${r.rank}, ${(100 * r.energy).toFixed(2)}% of the spectral energy, MACs ${r.macsBefore} → ${r.macsAfter}\n`;
      } else {
        const f = kind === 'tucker2' ? tucker2Conv : kind === 'cp' ? cpConv : separateSpatially;
        const r = f(graph, layer, choice);
        result = r.graph;
        extra = `${layer}: ${kind} rank ${r.ranks.join('×')}, relative kernel error ${r.relativeError.toFixed(4)}, MACs ${r.macsBefore} → ${r.macsAfter}\n`;
      }
      break;
    }
    case 'lowbit':
      result = lowBitLayers(graph, oneOf(args.mode, '--mode', ['binary', 'ternary']), layerList(args.layers));
      break;
    case 'calibrate': {
      const d = need(data, '--data', m);
      const r = calibratePrecision(
        graph,
        { n: d.test.n, data: d.test.x },
        {
          method: oneOf<RangeMethod>(args.method, '--method', ['minmax', 'percentile', 'mse'], 'mse'),
          weightBits: posInt(args.weightBits, '--weight-bits') ?? 8,
          activationBits: posInt(args.activationBits, '--activation-bits') ?? 8,
        },
      );
      result = graph;
      configOut = stringify(r.config);
      calibratedObject = r.config;
      extra = r.ranges.map((x) => `${x.tensor}: [${x.min.toPrecision(4)}, ${x.max.toPrecision(4)}] → ${x.type}\n`).join('');
      break;
    }
    case 'finetune':
      result = fineTune(graph, trainData(data, args, m), fitOptions(args, say), true);
      break;
    case 'distill': {
      const student = await loadGraph(need(args.student, '--student', m), {});
      const temperature = num(args.temperature, '--temperature', (n) => n > 0, 'positive') ?? 4;
      const alpha = num(args.alpha, '--alpha', (n) => n >= 0 && n <= 1, 'in [0, 1]') ?? 0.7;
      result = distill(graph, student, trainData(data, args, m), { temperature, alpha, fit: fitOptions(args, say) });
      break;
    }
  }
  const before = measure(m === 'distill' && args.student ? await loadGraph(args.student, {}) : graph, config, data);
  const calibrated: PrecisionConfig = calibratedObject !== undefined ? parseConfig(calibratedObject, 'the calibrated configuration') : config;
  const after = measure(result, calibrated, data);
  if (configOut !== undefined) writeOutputFile(args.output, configOut, args.force ?? false);
  else writeOutputFile(args.output, graphToJson(result), args.force ?? false);
  out(extra);
  out(compareTable(before, after));
  out(`wrote ${args.output}${configOut !== undefined ? ' (precision config: pass it to compile with -c)' : ' (fixflow graph IR)'}\n`);
}
