import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Module boundaries: apps never import apps (shared contracts live in libs/contracts; only
// apps/monolith composes apps), and libraries never name the apps.
const APPS = ['auth', 'gateway', 'orders', 'inventory', 'monolith'];
const importsOf = (apps) => ({ regex: `(^|/)(apps/)?(${apps.join('|')})/src(/|$)` });
const boundaries = [
  ...APPS.filter((app) => app !== 'monolith').map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...importsOf(APPS.filter((other) => other !== app)),
              message: 'apps never import other apps: put what they share in libs/contracts',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/**/*.spec.ts', 'libs/emulators/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ ...importsOf(APPS), message: 'libraries never name the apps' }] },
      ],
    },
  },
];
// The emulators are development-only and absent from the production image: production code may
// reach them only through a provider module's dynamic import (FacebookModule.register).
const EMULATORS = {
  regex: '(^@app/emulators|(^|/)emulators/src)(/|$)',
  message: 'libs/emulators is development-only: load it through a dynamic import (see FacebookModule.register)',
};
for (const boundary of boundaries) boundary.rules['no-restricted-imports'][1].patterns.push(EMULATORS);
// Who may import an app at all (the monolith, the end-to-end tests) goes through its public entry
// point, apps/<app>/src/index.ts, so an app's files can move without breaking them.
const INSIDE_AN_APP = {
  regex: `(^|/)(apps/)?(${APPS.join('|')})/src/.+`,
  message: 'import an app through its public entry point (apps/<app>/src)',
};
boundaries.push(
  {
    files: ['apps/monolith/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [EMULATORS, INSIDE_AN_APP] }] },
  },
  { files: ['test/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [INSIDE_AN_APP] }] } },
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'test-artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['apps/gateway/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        document: 'readonly',
        location: 'readonly',
        history: 'readonly',
        window: 'readonly',
        localStorage: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        Headers: 'readonly',
      },
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
  ...boundaries,
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
