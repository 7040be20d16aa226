import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/ and what each may not import (README, Architecture): core is pure domain; imaging and the
 * database do not know each other; services combine them; only the server and the CLI use services.
 */
const FORBIDDEN_LAYERS = {
  core: ['db', 'imaging', 'services', 'server', 'cli', '../web'],
  imaging: ['db', 'services', 'server', 'cli'],
  db: ['imaging', 'services', 'server', 'cli'],
  services: ['server', 'cli'],
};

/**
 * One `no-restricted-imports` block per layer and folder depth: from `src/<layer>/<depth folders>/file.ts` a
 * relative import reaches `src/` with exactly depth + 1 `../`, so `src/core/imaging` is never mistaken for
 * `src/imaging`.
 */
const layerRules = Object.entries(FORBIDDEN_LAYERS).flatMap(([layer, forbidden]) =>
  [0, 1, 2, 3, 4].map((depth) => ({
    files: [`src/${layer}/${'*/'.repeat(depth)}*.{ts,tsx,mts,mjs}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((target) => ({
            regex: `^(\\.\\./){${depth + 1}}${target.replaceAll('.', '\\.')}(/|$)`,
            message: `src/${layer} must not import ${target === '../web' ? 'web/' : `src/${target}`} (layering: see README, Architecture).`,
          })),
        },
      ],
    },
  })),
);

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'dist', '.bench-build', 'web/dist', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  ...layerRules,
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
