// ESLint is part of `npm run check` (deps, then tsc, then this), the first step of `npm test`, so
// `.ci/run` fails on a finding. Import direction between the rings is dependency-cruiser's job
// (.dependency-cruiser.cjs); this file keeps the rules that need the syntax or the types.
// `npm run lint` caches results by file content (node_modules/.cache/eslint/): a type-aware
// finding caused by a change in another file can hide locally until the file itself changes;
// CI starts from a clean install, so it always lints everything.
import { defineConfig, globalIgnores } from "eslint/config";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores([
    "node_modules/**",
    ".next/**",
    ".next-*/**",
    "data/**",
    "coverage/**",
    "test-results/**",
    "playwright-report/**",
    "e2e/.artifacts/**",
    "bench/.data/**",
    "bench/next-reference/**",
    "next-env.d.ts",
  ]),

  {
    // An eslint-disable that no longer silences anything fails the run: remove it.
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },

  // Next's rules with react, react-hooks (recommended, including the compiler rules),
  // jsx-a11y and import, then typescript-eslint's recommended set.
  ...nextCoreWebVitals,
  ...nextTypescript,

  {
    name: "admin-center/type-aware",
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its rejection: in a server action or a SCIM write that
      // is a silent failure. Mark a deliberate fire-and-forget with `void`.
      "@typescript-eslint/no-floating-promises": "error",
      // React ignores what an event handler returns, and the async handlers in our screens
      // catch their own errors (React Query / the action result), so an async function given
      // to a JSX attribute is fine. Everywhere else (forEach callbacks, setTimeout, node:http
      // listeners, conditions) a promise where void is expected stays an error.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
    },
  },

  {
    // We do not run the React Compiler (next.config.js has no reactCompiler), so "compilation
    // skipped" for TanStack Table's useReactTable() tells us nothing.
    name: "admin-center/react",
    files: ["app/**/*.tsx", "components/**/*.tsx", "components/**/*.ts"],
    rules: { "react-hooks/incompatible-library": "off" },
  },
  {
    // Pages and layouts are async Server Components (none is "use client"): they render once
    // a request, so Date.now() there is the request's time, not an impurity. The rule does
    // not know Server Components yet (facebook/react#34834). Client components keep it.
    name: "admin-center/server-components",
    files: ["app/**/page.tsx", "app/**/layout.tsx"],
    rules: { "react-hooks/purity": "off" },
  },
  {
    // Playwright fixtures receive a `use` callback; it is not React's use().
    name: "admin-center/e2e",
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // A test indexes into the parsed JSON it is asserting on; typing each body first would
    // only restate the assertions. Production code keeps no-explicit-any.
    name: "admin-center/tests",
    files: ["**/*.test.ts", "**/test-support.ts", "e2e/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },

  {
    // CommonJS files (dependency-cruiser's configs) load their neighbours with require().
    name: "admin-center/commonjs",
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },

  {
    // The core never depends on the framework or on where it runs: adapters read the
    // environment (server/env.ts) and pass values in.
    name: "admin-center/lib-core",
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "lib/ never reads the environment: take the value as a parameter (server/env.ts reads it)." },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "next", message: "lib/ is framework-free." },
            { name: "next-auth", message: "lib/ is framework-free." },
            { name: "react", message: "lib/ is framework-free." },
            { name: "react-dom", message: "lib/ is framework-free." },
            { name: "process", importNames: ["env"], message: "lib/ never reads the environment." },
            { name: "node:process", importNames: ["env"], message: "lib/ never reads the environment." },
          ],
          patterns: [
            { group: ["next/*", "next-auth/*", "react-dom/*"], message: "lib/ is framework-free." },
          ],
        },
      ],
    },
  },
]);
