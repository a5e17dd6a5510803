import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["{lib,db,server,cli,app,components}/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    setupFiles: ["db/testing/strict-handles.ts"],
  },
});
