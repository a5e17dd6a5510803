import type { ActivityPage } from "@/lib/activity/list-activity";

/** One activity log entry as the Admin Center receives it (plain JSON from a server action). */
export type ActivityEntryView = ActivityPage["entries"][number];
export type { ActivityPage };
