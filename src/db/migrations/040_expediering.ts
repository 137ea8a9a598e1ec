/** Expediering of extracts (issue 15.6) (placeholder: filled in by its issue). */
export const sql = /* sql */ `
`;
