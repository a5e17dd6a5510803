import { describe, expect, it } from "vitest";
import { compileUserFilter } from "./compile-user-filter";
import { parseFilter } from "./parse";
import { compileFilter } from "./to-sql";

describe("compileUserFilter", () => {
  it("gives what parse + compile give, for the existence check's shape and its near misses", () => {
    const filters = [
      'userName eq "alice@example.com"',
      'USERNAME EQ "Alice.Smith+x@Example.COM"',
      'userName eq "  spaced name "',
      'userName eq ""',
      "userName eq \"o'brien@example.com\"",
      'userName eq "a\\"b"',
      'userName eq "caf\\u00e9@example.com"',
      'userName  eq "two spaces"',
      'userName eq "x" and active eq true',
      'emails.value eq "alice@example.com"',
      'userName sw "ali"',
    ];
    for (const engine of ["sqlite", "postgres"] as const) {
      for (const filter of filters) expect(compileUserFilter(filter, engine), filter).toEqual(compileFilter("User", parseFilter(filter), engine));
    }
  });

  it("still rejects what the parser rejects", () => {
    expect(() => compileUserFilter('userName eq "unterminated', "sqlite")).toThrow();
    expect(() => compileUserFilter('userName eq "a" "b"', "sqlite")).toThrow();
    expect(() => compileUserFilter(`userName eq "${"a".repeat(10_000)}"`, "sqlite")).toThrow(/limit is 10000/);
  });
});
