/** Import page and stored reports (issue 18) (placeholder: filled in by its issue). */
export const sql = /* sql */ `
`;
