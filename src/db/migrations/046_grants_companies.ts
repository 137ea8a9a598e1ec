/** Association grants and owned companies (issue 21.2, 21.3) (placeholder: filled in by its issue). */
export const sql = /* sql */ `
`;
