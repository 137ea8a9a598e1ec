/** Reserved for the paragraph series of issue 15.2 (first § number per body and year); filled by the work that needs it, or kept empty so the numbers stay as they shipped. */
export const sql = /* sql */ `
`;
