/** Reserved for yrkanden, propositionsordning and voting lists in the live minutes (issue 15.1); filled by the work that needs it, or kept empty so the numbers stay as they shipped. */
export const sql = /* sql */ `
`;
