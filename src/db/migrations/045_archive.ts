/** E-archive export (issue 21.5) (placeholder: filled in by its issue). */
export const sql = /* sql */ `
`;
