import { Option, type Command } from "commander";
import { SEAT_TYPES, USER_STATUSES, type User } from "@/db/schema";
import { addGuest } from "@/lib/directory/add-guest";
import { listUsers } from "@/lib/directory/list-users";
import { reactivateUser } from "@/lib/directory/reactivate-user";
import { reevaluateAllUsers } from "@/lib/directory/reevaluate-all-users";
import { setUserSeat } from "@/lib/directory/set-user-seat";
import { AppError } from "@/lib/errors";
import { parseSeatType } from "@/lib/seats";
import { ACTOR, type CliContext } from "../context";
import { run, showTime, table } from "../output";
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
      run((_args, options) => {
        const page = listUsers(context.db(), {
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
      run(([email, seatText]) => {
        const seat = seatArgument(seatText!);
        const result = setUserSeat(context.db(), email!, seat, ACTOR, Date.now());
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
      run(([email]) => {
        const user = addGuest(context.db(), email!, ACTOR, Date.now());
        return { json: userJson(user), text: `${user.userName} added as a Guest.` };
      }),
    );
  users
    .command("reactivate")
    .description("reactivate a deactivated user (refused while DI is on: DI off → reactivate → DI on)")
    .argument("<email>", "the user's email (or userName or id)")
    .action(
      run(([email]) => {
        const user = reactivateUser(context.db(), email!, ACTOR, Date.now());
        return { json: userJson(user), text: `${user.userName} is active again (${user.seatType}).` };
      }),
    );
  users
    .command("reevaluate")
    .description("re-evaluate every user's seat from their roles and groups (DI must be on)")
    .action(
      run(() => {
        const result = reevaluateAllUsers(context.db(), { kind: "admin", admin: ACTOR }, Date.now());
        return { json: result, text: `Re-evaluated: ${describePreview(result)}` };
      }),
    );
}
