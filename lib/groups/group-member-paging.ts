/** Rows a page of a group's members may hold: shared by the read (lib) and the group page (client), so no database code reaches the browser. */
export const MEMBER_PAGE_SIZES = [25, 50, 100] as const;
