/**
 * The one import of @tensorflow/tfjs in the frontend. Production mode is
 * switched on at once: tfjs logs its "looks like you are running TensorFlow.js
 * in Node.js" banner (and other hints) only when the PROD flag is unset, and
 * the flag changes nothing else we rely on. The pure-JS CPU backend is the
 * only one registered under Node without tfjs-node.
 */
import * as tf from '@tensorflow/tfjs';

tf.enableProdMode();

export { tf };
