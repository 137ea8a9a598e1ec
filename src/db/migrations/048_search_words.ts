/** Search that understands Swedish (issue 20.1, 20.2) (placeholder: filled in by its issue). */
export const sql = /* sql */ `
`;
