/** The TensorFlow.js Layers frontend: model.json + shards → graph IR, and tfjs itself as the float reference. */
export { importTfjs, readTfjsModelFiles, type TfjsModelFiles } from './import-tfjs.js';
export { loadTfjsModel, tfjsPredict } from './load-model.js';
export { fileSaveHandler, validatedLoadHandler } from './file-io.js';
export { SUPPORTED_LAYERS } from './convert-layers.js';
export { SUPPORTED_ACTIVATIONS } from './activations.js';
export { tf } from './tfjs-runtime.js';
