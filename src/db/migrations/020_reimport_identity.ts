/**
 * Reserved for re-import identity (issue 13), which needed no schema change:
 * items and documents are paired with the existing ones in importer/identity.ts.
 * Empty; kept so that the numbers stay as they shipped.
 */
export const sql = /* sql */ `
`;
