import { LocalTime } from "@/components/activity/local-time";

/** Security & Controls' times: the Activity page's LocalTime, so every screen writes a time one way. */
export function DateTime({ at, withTime = true }: { at: number; withTime?: boolean }) {
  return <LocalTime at={at} withTime={withTime} />;
}
