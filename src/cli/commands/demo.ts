/**
 * `npm run demo`: the bundled Fashion-MNIST MLP becomes a fixed-point design;
 * the 10,000 test images run through the bit-accurate simulator at two
 * precisions, against TensorFlow.js float accuracy, with the overflow profile.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CompileError } from '../../core/diagnostics.js';
import { readFashionMnist, imageRows } from '../../datasets/fashion-mnist.js';
import { importTfjs, loadTfjsModel, tfjsPredict } from '../../frontends/tfjs/index.js';
import { dataflowToJson } from '../../ir/dataflow/json.js';
import { printDataflow } from '../../ir/dataflow/print.js';
import type { PrecisionConfig } from '../../lower/config.js';
import { compileGraph } from '../../pipeline.js';
import { summarizeDesign, summaryTable, textTable } from '../../report/summary.js';
import { accuracy, argmaxRows, simulateClasses } from '../accuracy.js';
import { writeOutputDir } from '../output-dir.js';
import { profileTable } from '../profile-table.js';

export const DEMO_MODEL = fileURLToPath(new URL('../../../examples/fashion-mlp/model.json', import.meta.url));

export const DEMO_PRECISIONS: readonly { readonly label: string; readonly config: PrecisionConfig }[] = [
  { label: 'ap_fixed<16,6>', config: { model: { default: 'ap_fixed<16,6>' } } },
  { label: 'ap_fixed<8,3,RND,SAT>', config: { model: { default: 'ap_fixed<8,3,RND,SAT>' } } },
];

function freshDir(base: string): string {
  for (let k = 1; ; k++) {
    const d = k === 1 ? base : `${base}-${k}`;
    if (!existsSync(d)) return d;
  }
}

export async function runDemo(args: { output?: string; limit?: number }, out: (s: string) => void): Promise<void> {
  out(`fixflow demo: ${DEMO_MODEL}\n`);
  const graph = await importTfjs(DEMO_MODEL);
  const test = readFashionMnist('test', args.limit !== undefined ? { limit: args.limit } : {});
  out(`Fashion-MNIST test set: ${test.count} images\n`);

  const model = await loadTfjsModel(DEMO_MODEL);
  const t0 = performance.now();
  const floatOut = tfjsPredict(model, imageRows(test));
  const floatSec = (performance.now() - t0) / 1000;
  const classes = floatOut[0]?.length ?? 0;
  const floatPred = argmaxRows(floatOut.flat(), test.count, classes);
  const floatAcc = accuracy(floatPred, test.labels);

  const rows: (string | number)[][] = [['float32 (TensorFlow.js)', (100 * floatAcc).toFixed(2) + '%', '100.00%', floatSec.toFixed(2)]];
  const files = new Map<string, string>();
  let lastProfile = '';
  const precisions = [...DEMO_PRECISIONS];
  for (let k = 0; k < precisions.length; k++) {
    const p = precisions[k] as (typeof precisions)[number];
    const df = compileGraph(graph, { config: p.config });
    const run = simulateClasses(df, test.images, test.count, true);
    const acc = accuracy(run.predictions, test.labels);
    let agree = 0;
    for (let i = 0; i < test.count; i++) if (run.predictions[i] === floatPred[i]) agree++;
    rows.push([`fixed ${p.label} (simulated)`, (100 * acc).toFixed(2) + '%', ((100 * agree) / test.count).toFixed(2) + '%', run.seconds.toFixed(2)]);
    const slug = p.label.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    files.set(`${slug}/dataflow.json`, dataflowToJson(df));
    files.set(`${slug}/dataflow.txt`, printDataflow(df));
    files.set(`${slug}/summary.txt`, summaryTable(summarizeDesign(df)));
    lastProfile = profileTable(run.profile ?? []);
    files.set(`${slug}/overflow-profile.txt`, lastProfile);
    if (k === DEMO_PRECISIONS.length - 1) {
      // close the loop once: give every layer's result the integer bits its profile suggests, same 8-bit width
      out(`\n${p.label}: ${lastProfile}`);
      const layerName: Record<string, { result: string }> = {};
      for (const t of run.profile ?? []) {
        if (t.tensor === 'result' && t.layer !== df.outputs[0]) layerName[t.source] = { result: `ap_fixed<8,${Math.min(7, Math.max(1, t.suggestedInt))},RND,SAT>` };
      }
      precisions.push({ label: 'ap_fixed<8,I,RND,SAT>, I from the profile', config: { model: p.config.model, layerName } });
    }
    if (p === DEMO_PRECISIONS[0]) out(summaryTable(summarizeDesign(df)));
  }
  out('\n' + textTable(['model', 'test accuracy', 'agrees with float', 'seconds'], rows));
  const dir = writeOutputDir(freshDir(args.output ?? 'out/demo'), files, false);
  out(`\nwrote the designs and profiles to ${dir}\n`);
  if (!(floatAcc > 0)) throw new CompileError('FF017', 'float accuracy is zero: the bundled model or data set is broken');
}
