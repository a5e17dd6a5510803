/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules, never bundle it.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // server/env.ts validates NEXT_DIST_DIR; Next reads this file itself, so it looks too.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typedRoutes: false,
};

module.exports = nextConfig;
