/** Optimistic locking for decision-basis documents (their secrecy marks are edited). */
export const sql = /* sql */ `
alter table decision_basis add column version int not null default 1;
`;
