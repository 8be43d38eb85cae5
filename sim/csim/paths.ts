/** Where the hand-written C++ (fixed-point header, layer library) lives in the repository. */
import { fileURLToPath } from 'node:url';

/** hw/include: fixflow_ap/ (the stand-in ap_fixed.h, ap_int.h, hls_stream.h) and fixflow/ (the layer library). */
export function hwIncludeDir(): string {
  return fileURLToPath(new URL('../../hw/include/', import.meta.url));
}
