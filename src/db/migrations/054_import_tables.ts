/**
 * Every row of an imported table accounted for (issue 18.3): a business
 * support row read from a delegation report that needs a look (an unknown
 * support type or municipality kept as read, or a row that could not be split
 * into its cells, kept whole) carries the reason in `import_flag`. A row kept
 * whole has no amount although it is not a rejection, so the rule "no amount
 * exactly when rejected" holds for the rows that read cleanly.
 */
export const sql = /* sql */ `
alter table business_support add column import_flag text;
alter table business_support drop constraint if exists business_support_check;
alter table business_support add constraint business_support_amount_rejected check (rejected = (amount_ore is null) or import_flag is not null);
`;
