/**
 * Statements a request runs, as opposed to the pending-list cleaner's (src/db/gin-pending-lists.ts),
 * which runs in the background soon after any batch writes and may fall in a counted window.
 */
export const isRequestStatement = (statement: string) => !statement.includes('gin_clean_pending_list');
