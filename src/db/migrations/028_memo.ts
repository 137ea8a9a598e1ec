/** Reserved for memo authoring (issues 14–15); filled by the work that needs it, or kept empty so the numbers stay as they shipped. */
export const sql = /* sql */ `
`;
