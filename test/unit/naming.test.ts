import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeIdentifier, sanitizeIdentifier, uniqueIdentifiers } from '../../src/core/naming.js';

describe('identifier sanitizing', () => {
  it('gives a safe identifier for any string, and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('fx_cast', 'FF_x', 'int', 'module', '9lives', 'a'.repeat(60), 'x y;}', '__')), (raw) => {
        const s = sanitizeIdentifier(raw);
        expect(s).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,47}$/);
        expect(s).not.toMatch(/__/);
        expect(isSafeIdentifier(s)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps library prefixes, reserved words and leading digits out', () => {
    expect(sanitizeIdentifier('fx_cast')).toBe('l_fx_cast');
    expect(sanitizeIdentifier('module')).toBe('module_l');
    expect(sanitizeIdentifier('int')).toBe('int_l');
    expect(sanitizeIdentifier('1x')).toBe('l_1x');
    expect(sanitizeIdentifier('a"; system("rm -rf /"); //')).toBe('a_system_rm_rf');
  });

  it('makes names unique case-insensitively, first come first kept', () => {
    expect(uniqueIdentifiers(['a', 'A', 'a', 'b'])).toEqual(['a', 'A_2', 'a_3', 'b']);
  });
});
