/** Secrecy marks (offentlighets- och sekretesslagen) on agenda items and decision-basis documents. */
export const sql = /* sql */ `
alter table agenda_item add column secrecy_ref text check (secrecy_ref is null or length(secrecy_ref) between 3 and 200);
alter table decision_basis add column secrecy_ref text check (secrecy_ref is null or length(secrecy_ref) between 3 and 200);
`;
