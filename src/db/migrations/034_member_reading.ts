/** Reserved for members' notes and absence reports (issue 14.7); filled by the work that needs it, or kept empty so the numbers stay as they shipped. */
export const sql = /* sql */ `
`;
