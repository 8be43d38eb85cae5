/** Malformed designs give a CompileError with a stable code naming the layer and field, never a crash. */
import { describe, expect, it } from 'vitest';
import { emitTs } from '../../src/backends/ts/emit-ts.js';
import { CompileError, formatError } from '../../src/core/diagnostics.js';
import type { Dataflow, DfNode } from '../../src/ir/dataflow/types.js';

const t = { width: 8, int: 3, signed: true, quant: 'TRN', overflow: 'WRAP' } as const;

function design(extra: DfNode): Dataflow {
  return { version: 1, name: 'bad', nodes: [{ op: 'input', name: 'x', source: 'in', inputs: [], shape: [2], type: t }, extra], outputs: [extra.name] };
}

const dense: DfNode = {
  op: 'dense',
  name: 'd',
  source: 'fc 1',
  inputs: ['x'],
  shape: [2],
  type: t,
  inSize: 2,
  outSize: 2,
  weights: [1n, 2n, 3n, 4n],
  bias: [0n, 0n],
  weightType: t,
  biasType: t,
  productType: t,
  accType: t,
  reuseFactor: 1,
};

function failure(df: Dataflow): string {
  try {
    emitTs(df);
  } catch (e) {
    if (e instanceof CompileError) return formatError(e);
    throw e;
  }
  return 'no error';
}

describe('bad designs', () => {
  it('report code, layer and field', () => {
    expect(failure(design({ ...dense, weights: [1n, 2n, 3n] }))).toBe("error FF012: weights has 3 codes, expected 4 (layer 'fc 1', field 'weights')");
    expect(failure(design({ ...dense, inputs: ['nope'] }))).toBe("error FF020: input 'nope' does not exist (layer 'fc 1', field 'inputs')");
    expect(failure({ ...design(dense), version: 2 as 1 })).toBe('error FF013: dataflow IR version 2 is not supported (expected 1)');
    expect(failure({ ...design(dense), outputs: ['zz'] })).toBe("error FF020: output 'zz' does not exist (field 'outputs')");
    const table: DfNode = {
      op: 'table',
      name: 'tb',
      source: 'sig',
      inputs: ['x'],
      shape: [2],
      type: t,
      table: { fn: 'sigmoid', size: 2, loMant: 1n, loExp: 100000, stepLog2: 0, sample: 'left', entryType: t, entries: [0n, 1n] },
    };
    expect(failure(design(table))).toBe("error FF012: table exponents must be integers of moderate size (layer 'sig', field 'table')");
  });
});
