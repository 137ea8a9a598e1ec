/** Reserved for remisser, incoming and outgoing (issue 21.1); filled by the work that needs it, or kept empty so the numbers stay as they shipped. */
export const sql = /* sql */ `
`;
