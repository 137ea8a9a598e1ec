/** Cofinancing payment profile and lists (issue 16.5, 16.8) (placeholder: filled in by its issue). */
export const sql = /* sql */ `
`;
