/** Live minutes: attendance per item (issue 15.1) (placeholder: filled in by its issue). */
export const sql = /* sql */ `
`;
