/** How many notifications the page shows (the key the server prefetches). */
export const PAGE_LIMIT = 100;
