/** Exhaustiveness check for discriminated unions: every `switch (x.op)` ends here. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
