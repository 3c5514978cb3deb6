import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';
import { boundariesRule } from './scripts/lint/boundaries.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.e2e-work/**', '.test-output/**', 'src/engine/onnx/gen/**', 'training/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { ganlens: { rules: { boundaries: boundariesRule(root) } } },
    rules: { 'ganlens/boundaries': 'error' },
  },
  {
    files: ['src/engine/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/engine is pure Node: it never imports vscode.' }] }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Webviews talk to the host through messages only.' }] }],
    },
  },
);
