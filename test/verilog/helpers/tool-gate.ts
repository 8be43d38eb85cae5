/**
 * Tests that need external tools skip only when a tool is missing AND the CI
 * variable is unset; under CI they run and fail with FF015.
 */
import { whichTool, type Tool } from '../../../sim/rtl/tools.js';

export function skipWithout(...tools: Tool[]): boolean {
  const missing = tools.filter((t) => whichTool(t) === null);
  if (missing.length === 0) return false;
  if (process.env.CI) return false;
  console.warn(`skipping: ${missing.join(', ')} not installed (set CI=true to make this a failure)`);
  return true;
}

/** A shared build cache for the test run. */
export const TEST_CACHE = process.env.FIXFLOW_CACHE_DIR ?? new URL('../../../.cache/fixflow-rtl-test/', import.meta.url).pathname;
