/** Regional development strategy priorities as records (issue 16.7) (placeholder: filled in by its issue if needed). */
export const sql = /* sql */ `
`;
