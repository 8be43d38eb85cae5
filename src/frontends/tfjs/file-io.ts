/**
 * TensorFlow.js IOHandlers that read and write Layers models on the local
 * disk with node:fs (tfjs's own file handlers live in tfjs-node, which we do
 * not use). Loading validates the files first (readTfjsModelFiles).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CompileError } from '../../core/diagnostics.js';
import type { TfjsModelFiles } from './import-tfjs.js';
import { tf } from './tfjs-runtime.js';

function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

type UserMetadata = NonNullable<tf.io.ModelArtifacts['userDefinedMetadata']>;

/** An IOHandler whose load() hands the already validated files to tfjs. */
export function validatedLoadHandler(files: TfjsModelFiles): tf.io.IOHandler {
  const { json, weights } = files;
  return {
    load: async (): Promise<tf.io.ModelArtifacts> => ({
      modelTopology: json.modelTopology,
      weightSpecs: weights.specs.map((s) => ({ ...s, shape: [...s.shape] })),
      weightData: ownBuffer(weights.data),
      format: json.format ?? 'layers-model',
      ...(json.generatedBy ? { generatedBy: json.generatedBy } : {}),
      ...(json.convertedBy ? { convertedBy: json.convertedBy } : {}),
      ...(json.trainingConfig ? { trainingConfig: json.trainingConfig as unknown as tf.io.TrainingConfig } : {}),
      ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata as UserMetadata } : {}),
    }),
  };
}

function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((a, b) => a + b.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}

/**
 * An IOHandler whose save() writes `modelJsonPath` and one weight shard next
 * to it (`weights.bin` unless `shardName` says otherwise), creating the
 * folder. Same artifacts give byte-identical files.
 */
export function fileSaveHandler(modelJsonPath: string, shardName = 'weights.bin'): tf.io.IOHandler {
  const file = resolve(modelJsonPath);
  if (basename(shardName) !== shardName || shardName === basename(file)) {
    throw new CompileError('FF014', `weight shard name '${shardName}' must be a plain file name other than the model's`, {
      field: 'shardName',
    });
  }
  return {
    save: async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new CompileError('FF014', 'only Layers models (JSON topology) can be saved', { file });
      }
      const weights = joinWeightData(artifacts.weightData);
      const json = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: weights.length > 0 ? [shardName] : [], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(resolve(dirname(file), shardName), weights);
      writeFileSync(file, `${JSON.stringify(json)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}
