/** Reserved for plan editing and follow-up (issue 17); filled by the work that needs it, or kept empty so the numbers stay as they shipped. */
export const sql = /* sql */ `
`;
