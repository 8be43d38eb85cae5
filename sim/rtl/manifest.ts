/**
 * The manifest the Verilog backend writes next to the emitted files
 * (fixflow-rtl.json): top module, file order, and how samples pack into
 * tdata. The runners read only this and the files; they never import the
 * backend.
 */
import { z } from 'zod';
import { CompileError } from '../../src/core/diagnostics.js';

const field = z.object({ node: z.string(), offset: z.number().int().min(0), count: z.number().int().min(1), width: z.number().int().min(1), signed: z.boolean() });

const schema = z.object({
  format: z.literal('fixflow-rtl/1'),
  design: z.string(),
  top: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  files: z.array(z.string()).min(1),
  inBits: z.number().int().min(1),
  outBits: z.number().int().min(1),
  inputs: z.array(field).min(1),
  outputs: z.array(field).min(1),
  latency: z.number().int().min(0),
  ii: z.number().int().min(1),
  layers: z.array(
    z.object({ name: z.string(), source: z.string(), op: z.string(), module: z.string(), kind: z.enum(['pipe', 'stream']), latency: z.number(), ii: z.number(), multipliers: z.number() }),
  ),
  /** streaming designs: an image is inPixels beats in and outPixels beats out (one pixel per beat); ii is then cycles per image */
  stream: z
    .object({
      inPixels: z.number().int().min(1),
      outPixels: z.number().int().min(1),
      /** in the bit order of the top's fx_fifo_full port */
      fifos: z.array(z.object({ name: z.string(), from: z.string(), to: z.string(), depth: z.number().int().min(1), minDepth: z.number().int().min(0) })),
      /** the datapath modules inside each layer module */
      parts: z.record(z.string(), z.array(z.string())),
      /** the largest latency of back-to-back images at full speed (latency above: the first image's) */
      latencyMax: z.number().int().min(0).optional(),
      /** FIFOs full when the design deadlocks (depths overridden below their minimum) */
      deadlock: z.array(z.string()).optional(),
    })
    .optional(),
});

export type RtlManifest = z.infer<typeof schema>;
export type PortField = z.infer<typeof field>;

export const MANIFEST_FILE = 'fixflow-rtl.json';

export function readManifest(files: ReadonlyMap<string, string>): RtlManifest {
  const text = files.get(MANIFEST_FILE);
  if (text === undefined) throw new CompileError('FF014', `the design files have no ${MANIFEST_FILE} (emit them with emitVerilog)`, { file: MANIFEST_FILE });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CompileError('FF014', `${MANIFEST_FILE} is not valid JSON`, { file: MANIFEST_FILE });
  }
  const res = schema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0];
    throw new CompileError('FF014', `${MANIFEST_FILE}: ${issue?.message ?? 'invalid'}`, { file: MANIFEST_FILE, field: issue?.path.join('.') });
  }
  for (const f of res.data.files) if (!files.has(f)) throw new CompileError('FF014', `${MANIFEST_FILE} lists ${f}, which is not among the files`, { file: MANIFEST_FILE });
  return res.data;
}
