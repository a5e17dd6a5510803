// Second pass of `npm run check:deps`: no cycle between the areas of lib/ (lib/plan,
// lib/domains, ...), counted by folder, where .dependency-cruiser.cjs counts by module.
// Production code only: a test of lib/directory drives SCIM through lib/scim/test-support,
// and lib/scim calls lib/directory, which is a folder cycle by design.
const base = require("../.dependency-cruiser.cjs");
const TEST_CODE = require("./test-code-pattern.cjs");

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular-lib-areas",
      severity: "error",
      comment: "Areas of lib/ form a hierarchy: when two need each other, one of them is not an area of its own.",
      scope: "folder",
      from: { path: "^lib/" },
      to: { path: "^lib/", circular: true },
    },
  ],
  options: {
    ...base.options,
    exclude: { path: `${base.options.exclude.path}|${TEST_CODE}` },
  },
};
