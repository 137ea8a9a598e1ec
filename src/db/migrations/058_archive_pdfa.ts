export const sql = /* sql */ `
`;
