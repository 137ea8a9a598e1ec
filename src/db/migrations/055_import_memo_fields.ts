/**
 * Imported memos as fields (issue 18.5): the import writes an item's
 * föredragnings-PM into its memo form (memo_form) and notes which version it
 * wrote and from which file, so a re-import of the kallelse updates a memo
 * nobody has edited since (version = imported_version) and keeps one that was
 * edited in Styrbord.
 */
export const sql = /* sql */ `
alter table memo_form add column imported_version int;
alter table memo_form add column imported_sha256 text;
alter table memo_form add constraint memo_form_imported_check check ((imported_version is null) = (imported_sha256 is null));
`;
