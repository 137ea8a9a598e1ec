/** Business-support register (issue 16.6) (placeholder: filled in by its issue). */
export const sql = /* sql */ `
`;
