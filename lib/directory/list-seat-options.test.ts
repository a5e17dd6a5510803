import { describe, expect, it } from "vitest";
import { createScimTestEnv, userBody } from "@/lib/scim/test-support";
import { findUserById } from "@/lib/users/user-queries";
import { listSeatOptions } from "./list-seat-options";

describe("listSeatOptions", () => {
  it("lists every other seat, with the transition matrix's answer for each", async () => {
    const scim = await createScimTestEnv();
    const id = (await scim.call("POST", "/Users", userBody("contributor@example.com"))).json.id as string;
    const user = (await findUserById(scim.db, id))!;
    const options = await listSeatOptions(scim.db, user);
    expect(options.map((o) => o.seat)).toEqual(["Member", "Provisional Member", "Guest", "No Access"]);
    expect(options.find((o) => o.seat === "No Access")).toMatchObject({ allowed: true, where: "Admin Center" });
    expect(options.find((o) => o.seat === "Provisional Member")).toMatchObject({ allowed: false });
  });

  it("refuses Guest for a user on a validated domain, saying why (docs/product.md §5)", async () => {
    const scim = await createScimTestEnv();
    const id = (await scim.call("POST", "/Users", userBody("contributor@example.com"))).json.id as string;
    const guest = (await listSeatOptions(scim.db, (await findUserById(scim.db, id))!)).find((o) => o.seat === "Guest");
    expect(guest).toEqual({
      seat: "Guest",
      allowed: false,
      where: "Not possible for this user",
      explanation: expect.stringContaining("is on the validated domain example.com"),
    });
  });

  it("allows Guest for an address outside every validated domain", async () => {
    const scim = await createScimTestEnv();
    const guest = (await listSeatOptions(scim.db, { seatType: "Contributor", email: "partner@outside.example", userName: "partner@outside.example" })).find(
      (o) => o.seat === "Guest",
    );
    expect(guest).toMatchObject({ seat: "Guest", allowed: true });
  });
});
