/**
 * How a tensor streams: one beat per spatial position (a pixel: all channels
 * of that position, element c at bits [c·W +: W]), positions in raster order.
 * Shapes are channels last: [H, W, C], [L, C] (a 1D map is one row) or [C]
 * (one beat: a vector, e.g. after global pooling or Dense).
 */
import { hwc } from '../../../ir/graph/conv-geometry.js';
import type { Shape } from '../../../ir/graph/types.js';

export interface PixelGeometry {
  readonly rows: number;
  readonly cols: number;
  readonly channels: number;
  /** beats per image */
  readonly pixels: number;
}

export function pixelGeometry(shape: Shape): PixelGeometry {
  const [rows, cols, channels] = hwc(shape);
  return { rows, cols, channels, pixels: rows * cols };
}
