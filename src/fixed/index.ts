export * from './fixed-type.js';
export * from './exact.js';
export * from './cast-ref.js';
export * from './cast-fast.js';
export * from './growth.js';
export * from './arith.js';
