import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("source maps off in the server", () => {
  it("is the entry's first import, so no module the server loads keeps its source map", () => {
    const entry = readFileSync(join(process.cwd(), "server", "index.ts"), "utf8");
    const imports = entry.split("\n").filter((line) => line.startsWith("import "));
    expect(imports[0]).toMatch(/^import "\.\/source-maps-off";/);
  });

  it("turns Node's source map support off, which tsx turned on", async () => {
    process.setSourceMapsEnabled(true);
    await import("./source-maps-off");
    expect(process.sourceMapsEnabled).toBe(false);
    process.setSourceMapsEnabled(true);
  });
});
