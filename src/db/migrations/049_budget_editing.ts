/** Budget editing in the UI (issue 17.6) (placeholder: filled in by its issue if needed). */
export const sql = /* sql */ `
`;
