/**
 * Placeholder (re-import keeps identity): filled in by the work on issue 13. An empty migration is harmless.
 */
export const sql = /* sql */ `
`;
