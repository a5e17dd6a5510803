/** Seat effects of roles in words. No imports with runtime code: client components use it. */
import type { Role } from "@/db/schema";

export type SeatEffect = "Member" | "Contributor" | null;

export interface RoleOption {
  role: Role;
  label: string;
  seat: SeatEffect;
}

/** What a mapping to a role with this seat effect does to the group's members. */
export function seatEffectText(seat: SeatEffect): string {
  switch (seat) {
    case "Member":
      return "Member seat (paid)";
    case "Contributor":
      return "Contributor seat (free): System Admin rights need no paid seat";
    case null:
      return "No seat effect: grants connector access only";
  }
}

/** Short form for tables and option text. */
export function seatEffectShort(seat: SeatEffect): string {
  return seat === null ? "no seat effect" : `${seat} seat`;
}
