// Lint, and the dependency direction of DESIGN.md: each folder may import only
// from the folders listed for it.
import tseslint from 'typescript-eslint';

const layers = {
  'src/core': [],
  'src/fixed': ['src/core'],
  'src/ir': ['src/core', 'src/fixed', 'src/ir'],
  'src/frontends': ['src/core', 'src/fixed', 'src/ir', 'src/frontends'],
  'src/compress': ['src/core', 'src/fixed', 'src/ir', 'src/compress', 'src/frontends'],
  'src/lower': ['src/core', 'src/fixed', 'src/ir', 'src/lower'],
  'src/backends': ['src/core', 'src/fixed', 'src/ir', 'src/backends'],
  sim: ['src/core', 'src/fixed', 'src/ir', 'sim'],
};
const all = ['src/core', 'src/fixed', 'src/ir', 'src/frontends', 'src/compress', 'src/lower', 'src/backends', 'src/report', 'src/explore', 'src/cli', 'sim'];

const restrictions = Object.entries(layers).map(([folder, allowed]) => {
  const banned = all.filter((f) => f !== folder && !allowed.includes(f) && !folder.startsWith(f + '/') && !allowed.some((a) => f.startsWith(a + '/')));
  return {
    files: [`${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: banned.map((b) => ({
            regex: `^\\.\\.?/(.*/)?${b.split('/').pop()}(/|$)`,
            message: `${folder} may not import from ${b} (DESIGN.md dependency direction)`,
          })),
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '**/*.js', '!eslint.config.js', 'test/golden/**/expected/**', '.cache/**', '.scratch*/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value=/utils$/]", message: 'no utils modules' }],
    },
  },
  ...restrictions,
);
