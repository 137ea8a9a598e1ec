/**
 * Agenda builder (issue 14.2): a protokollsjustering item built in Styrbord
 * keeps the adjusters it proposes (justerare first, then ersättare) as a list,
 * so that they can be edited; the proposal's att-sats and the note with the
 * adjustment day (agenda_item.adjustment_deadline) are written from them.
 * Imported items keep an empty list (their proposal is the kallelse's text).
 */
export const sql = /* sql */ `
alter table agenda_item add column proposed_adjusters text[] not null default '{}';
`;
