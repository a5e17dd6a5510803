/**
 * How long activity entries are kept (issue 11, item 7), a plan setting. The default,
 * 400 days, covers a yearly audit or true-up with a month to spare; below 30 days an
 * incident found at the end of a month would have lost its trail; ten years is past any
 * audit that asks. db/schema.ts's column default is the same 400.
 */
export const DEFAULT_ACTIVITY_RETENTION_DAYS = 400;
export const MIN_ACTIVITY_RETENTION_DAYS = 30;
export const MAX_ACTIVITY_RETENTION_DAYS = 3650;
