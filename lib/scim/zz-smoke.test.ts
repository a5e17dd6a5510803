import { it } from "vitest";
import { createScimTestEnv, userBody, groupBody, patchBody } from "./test-support";
it("smoke", () => {
  const s = createScimTestEnv();
  const r = s.call("POST", "/Users", userBody("ada@example.com", { roles: [{ type: "LICENSED_USER", value: "LICENSED_USER" }, { type: "GROUP_ADMIN", value: "" }] }));
  console.log(r.status, r.headers, JSON.stringify(r.json, null, 1));
  const l = s.call("GET", '/Users?filter=userName eq "ADA@example.com"&startIndex=1&count=100');
  console.log(l.status, JSON.stringify(l.json).slice(0, 300));
  const g = s.call("POST", "/Groups", groupBody("G1", [r.json.id]));
  console.log(g.status, JSON.stringify(g.json));
  const p = s.call("PATCH", "/Users/" + r.json.id, patchBody({ op: "Add", path: "manager", value: [{ $ref: "http://x/Users/abc", value: "abc" }] }));
  console.log(p.status, JSON.stringify(p.json));
});
