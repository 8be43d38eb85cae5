/**
 * External tools the RTL runners and the synthesis report need: found on
 * PATH, or a CompileError FF015 that says how to install them.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CompileError } from '../../src/core/diagnostics.js';

export type Tool = 'verilator' | 'iverilog' | 'vvp' | 'yosys' | 'nextpnr-ice40' | 'g++' | 'make';

const INSTALL: Record<Tool, string> = {
  verilator: 'Verilator 5 (Debian/Ubuntu: sudo apt-get install verilator; macOS: brew install verilator)',
  iverilog: 'Icarus Verilog (Debian/Ubuntu: sudo apt-get install iverilog; macOS: brew install icarus-verilog)',
  vvp: 'Icarus Verilog (Debian/Ubuntu: sudo apt-get install iverilog; macOS: brew install icarus-verilog)',
  yosys: 'Yosys (Debian/Ubuntu: sudo apt-get install yosys; or the OSS CAD Suite)',
  'nextpnr-ice40': 'nextpnr for iCE40 (Debian/Ubuntu: sudo apt-get install nextpnr-ice40; or the OSS CAD Suite)',
  'g++': 'a C++ compiler (Debian/Ubuntu: sudo apt-get install g++)',
  make: 'GNU make (Debian/Ubuntu: sudo apt-get install make)',
};

/** Absolute path of `tool` on PATH, or null. */
export function whichTool(tool: Tool, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const p = join(dir, tool);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** Path of `tool`, or FF015 naming it and how to install it. */
export function requireTool(tool: Tool, path?: string): string {
  const p = whichTool(tool, path);
  if (p === null) {
    throw new CompileError('FF015', `'${tool}' was not found on PATH; install ${INSTALL[tool]}`, { field: tool });
  }
  return p;
}
