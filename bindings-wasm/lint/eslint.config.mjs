// ESLint flat config for the JavaScript of bindings-wasm (make lint-wasm):
// the recommended rules plus a few that catch real mistakes in this code
// (loose equality, unused names, reassigned constants). Formatting is not
// linted. Run from bindings-wasm: the patterns are relative to it.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: ['pkg/**', '**/node_modules/**', 'target/**'],
  },
  js.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022, globals: { ...globals.node } },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', ecmaVersion: 'latest', globals: { ...globals.node } },
  },
  {
    rules: {
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-throw-literal': 'error',
      'no-new-wrappers': 'error',
      'no-shadow-restricted-names': 'error',
      'no-implicit-coercion': ['error', { allow: ['!!'] }],
      'no-console': 'off',
    },
  },
];
