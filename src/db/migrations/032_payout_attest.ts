/** Reserved for funding payouts with attest (issue 16); filled by the work that needs it, or kept empty so the numbers stay as they shipped. */
export const sql = /* sql */ `
`;
