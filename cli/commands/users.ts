import { Option, type Command } from "commander";
import { SEAT_TYPES, USER_STATUSES, type User } from "@/db/schema";
import type { KeptScimBody, ScimRequestView } from "@/lib/activity/list-user-scim-requests";
import { listUserScimRequests } from "@/lib/activity/list-user-scim-requests";
import { addGuest } from "@/lib/directory/add-guest";
import { requireUser } from "@/lib/directory/find-user";
import { listUsers } from "@/lib/directory/list-users";
import { reactivateUser } from "@/lib/directory/reactivate-user";
import { reevaluateAllUsers } from "@/lib/directory/reevaluate-all-users";
import { setUserSeat } from "@/lib/directory/set-user-seat";
import { AppError } from "@/lib/errors";
import { parseSeatType } from "@/lib/seats";
import { ACTOR, type CliContext } from "../context";
import { numberArgument, run, showTime, table } from "../output";
import { describePreview } from "./di";

const ADMIN_SEATS = ["Member", "Contributor", "Guest", "No Access"] as const;

function userJson(u: User) {
  return {
    id: u.id,
    userName: u.userName,
    email: u.email,
    displayName: u.displayName,
    status: u.status,
    seatType: u.seatType,
    seatSetBy: u.seatSetBy,
    pendingOverride: u.pendingOverride,
    reviewEndsAt: u.reviewEndsAt,
    reactivationRequestedAt: u.reactivationRequestedAt,
    source: u.source,
    firstSignInAt: u.firstSignInAt,
    createdAt: u.createdAt,
  };
}

function bodyLines(label: string, body: KeptScimBody | null, capBytes: number, indent: string): string[] {
  if (body === null) return [];
  const cut = body.truncated > 0 ? ` (cut at ${capBytes / 1024} KiB; ${body.truncated} bytes more not kept)` : "";
  return [`${indent}${label}${cut}: ${body.text}`];
}

/** One request as text: its line, then its bodies as kept (redacted, capped). */
function requestLines(r: ScimRequestView, capBytes: number, keptSince: number, retentionDays: number, indent = ""): string[] {
  const count = r.count > 1 ? ` (${r.count} identical requests)` : "";
  const lines = [
    `${indent}${showTime(r.at)}  ${r.method} ${r.path} → ${r.status}${count}  ${r.token ? `token '${r.token}'` : "no valid token"}  #${r.id}`,
  ];
  if (r.reason) lines.push(`${indent}  ${r.reason}`);
  if (!r.kept) {
    lines.push(`${indent}  bodies not kept${r.at < keptSince ? `: older than ${retentionDays} days` : ""}`);
    return lines;
  }
  const isRead = r.method === "GET" || r.method === "DELETE";
  lines.push(...bodyLines(isRead ? "query" : "request", r.request, capBytes, `${indent}  `));
  lines.push(...bodyLines("response", r.response, capBytes, `${indent}  `));
  return lines;
}

function seatArgument(text: string) {
  const seat = parseSeatType(text);
  if (!seat) throw new AppError("invalid", `Unknown seat '${text}'. Seats: ${SEAT_TYPES.join(", ")}.`);
  return seat;
}

export function registerUserCommands(program: Command, context: CliContext): void {
  const users = program.command("users").description("plan users and their seats");
  users
    .command("list")
    .description("list users (users not signed in yet are listed only with --pending)")
    .addOption(new Option("--seat <seat>", "only this seat").choices([...SEAT_TYPES]))
    .addOption(new Option("--status <status>", "only this status").choices([...USER_STATUSES]))
    .option("--pending", "only users the IdP provisioned with no role and no group who have not signed in yet")
    .option("--search <text>", "start of a userName, email, name or family name")
    .option("--page <n>", "page number", "1")
    .option("--page-size <n>", "users per page (max 500)", "100")
    .action(
      run(async (_args, options) => {
        const page = await listUsers((await context.db()), {
          ...(options.seat ? { seat: options.seat as User["seatType"] } : {}),
          ...(options.status ? { status: options.status as User["status"] } : {}),
          ...(options.search ? { search: String(options.search) } : {}),
          pending: options.pending === true,
          page: Number(options.page),
          pageSize: Number(options.pageSize),
        });
        return {
          json: { total: page.total, page: page.page, pageSize: page.pageSize, users: page.users.map(userJson) },
          text:
            page.users.length === 0
              ? `No users (total ${page.total}).`
              : `${table(
                  ["USER", "STATUS", "SEAT", "SET BY", "SOURCE", "FIRST SIGN-IN"],
                  page.users.map((u) => [
                    u.userName,
                    u.status,
                    u.seatType + (u.pendingOverride ? " (pending override)" : ""),
                    u.seatSetBy,
                    u.source,
                    showTime(u.firstSignInAt),
                  ]),
                )}\n${page.total} user(s); page ${page.page}`,
        };
      }),
    );
  users
    .command("set-seat")
    .description(`change a user's seat by hand: ${ADMIN_SEATS.join(", ")}`)
    .argument("<email>", "the user's email (or userName or id)")
    .argument("<seat>", ADMIN_SEATS.join(" | "))
    .action(
      run(async ([email, seatText]) => {
        const seat = seatArgument(seatText!);
        const result = await setUserSeat((await context.db()), email!, seat, ACTOR, Date.now());
        return {
          json: {
            user: userJson(result.user),
            from: result.from,
            to: result.to,
            pendingOverride: result.pendingOverride,
            diSeat: result.diSeat,
            warning: result.warning,
          },
          text:
            result.from === result.to
              ? `${result.user.userName} already holds ${result.to}.`
              : `${result.user.userName}: ${result.from} → ${result.to}.${result.warning ? ` Warning: ${result.warning}` : ""}`,
        };
      }),
    );
  users
    .command("add-guest")
    .description("add an external user (email not on a validated domain) as a Guest")
    .argument("<email>", "the Guest's email")
    .action(
      run(async ([email]) => {
        const user = await addGuest((await context.db()), email!, ACTOR, Date.now());
        return { json: userJson(user), text: `${user.userName} added as a Guest.` };
      }),
    );
  users
    .command("reactivate")
    .description("reactivate a deactivated user (refused while DI is on: DI off → reactivate → DI on)")
    .argument("<email>", "the user's email (or userName or id)")
    .action(
      run(async ([email]) => {
        const user = await reactivateUser((await context.db()), email!, ACTOR, Date.now());
        return { json: userJson(user), text: `${user.userName} is active again (${user.seatType}).` };
      }),
    );
  users
    .command("requests")
    .description(
      "what the identity provider sent about a user and what we answered: their SCIM requests, newest first, with the bodies kept (passwords and secrets redacted)",
    )
    .argument("<user>", "the user's userName, email or id")
    .option("--page <n>", "page number (10 requests a page)", "1")
    .action(
      run(async ([name], options) => {
        const db = (await context.db());
        const user = await requireUser(db, name!);
        const page = await listUserScimRequests(db, { userId: user.id, page: numberArgument(options.page) }, Date.now());
        const { capBytes, keptSince, retentionDays } = page;
        const lines: string[] = [];
        for (const r of page.entries) {
          lines.push(...requestLines(r, capBytes, keptSince, retentionDays));
          for (const l of r.lookups) {
            lines.push("  existence check before it:", ...requestLines(l, capBytes, keptSince, retentionDays, "    "));
          }
          lines.push("");
        }
        const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
        return {
          json: { user: { id: user.id, userName: user.userName }, ...page },
          text:
            page.entries.length === 0
              ? `No SCIM request about ${user.userName} in the activity log.`
              : `${lines.join("\n")}${page.total} request(s) about ${user.userName}; page ${page.page} of ${pages}. Bodies are kept ${retentionDays} days.`,
        };
      }),
    );
  users
    .command("reevaluate")
    .description("re-evaluate every user's seat from their roles and groups (DI must be on)")
    .action(
      run(async () => {
        const result = await reevaluateAllUsers((await context.db()), { kind: "admin", admin: ACTOR }, Date.now());
        return { json: result, text: `Re-evaluated: ${describePreview(result)}` };
      }),
    );
}
