// The direction of the rings (README "Project layout"), checked on every `npm test`
// (`npm run check:deps`). Rules name what is forbidden; everything else is allowed.
// Type-only imports count: a type from app/ in lib/ ties the core to the adapter just the same.

const TEST_CODE = require("./scripts/test-code-pattern.cjs");

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles anywhere: a cycle makes load order matter and the areas inseparable.",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-is-the-core",
      severity: "error",
      comment: "lib/ is the core: it never imports an adapter (app, components, server, cli).",
      from: { path: "^lib/" },
      to: { path: "^(app|components|server|cli)/|^proxy\\.ts$" },
    },
    {
      name: "lib-is-framework-free",
      severity: "error",
      comment: "lib/ never imports Next.js, next-auth or React: adapters do.",
      from: { path: "^lib/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-peer", "npm-optional", "npm-no-pkg", "npm-unknown"], path: "^node_modules/(next|next-auth|react|react-dom)/" },
    },
    {
      name: "components-not-to-app",
      severity: "error",
      comment: "Shared components never import a screen or route: the screens import them.",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "db-is-the-data-ring",
      severity: "error",
      comment: "db/ (schema, migrations, openDatabase) sits under everything and imports none of it.",
      from: { path: "^db/" },
      to: { path: "^(lib|app|components|server|cli)/|^proxy\\.ts$" },
    },
    {
      name: "server-not-to-ui",
      severity: "error",
      comment: "The process entry hands requests to Next.js by its API, never by importing screens or the CLI.",
      from: { path: "^server/" },
      to: { path: "^(app|components|cli)/|^proxy\\.ts$" },
    },
    {
      name: "cli-not-to-ui",
      severity: "error",
      comment: "The CLI is an adapter beside the app: it calls lib/, never the screens.",
      from: { path: "^cli/" },
      to: { path: "^(app|components)/|^proxy\\.ts$" },
    },
    {
      name: "domain-not-to-scim",
      severity: "error",
      comment:
        "SCIM is one adapter of the directory: lib/scim may call lib/directory, lib/seats, lib/users and lib/groups, " +
        "never the reverse. Their tests may drive SCIM through lib/scim/test-support.",
      from: { path: "^lib/(directory|seats|users|groups)/", pathNot: TEST_CODE },
      to: { path: "^lib/scim/" },
    },
    {
      name: "domain-tests-only-through-test-support",
      severity: "error",
      comment: "Tests of the directory, seats, users and groups reach SCIM only through lib/scim/test-support.",
      from: { path: "^lib/(directory|seats|users|groups)/.*\\.test\\.ts$" },
      to: { path: "^lib/scim/", pathNot: "^lib/scim/test-support\\.ts$" },
    },
    {
      name: "users-groups-not-to-directory",
      severity: "error",
      comment: "User and group reads sit under Directory Integration: lib/directory uses them, not the reverse.",
      from: { path: "^lib/(users|groups)/", pathNot: TEST_CODE },
      to: { path: "^lib/directory/" },
    },
    {
      name: "production-not-to-test-code",
      severity: "error",
      comment: "Test helpers and tests are never part of what the server or the CLI loads.",
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that does not resolve is a typo or a missing package.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(\\.next[^/]*|data|bench/\\.data|bench/next-reference|e2e/\\.artifacts)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
