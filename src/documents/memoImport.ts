/**
 * Writes the imported föredragnings-PM of each agenda item as its memo form
 * (documents/memoForm.ts), so it can be edited in Styrbord after the import
 * (issue 18.5), in the import's transaction. A memo form the import wrote and
 * nobody changed since (its version is the one the import wrote) is updated
 * by a re-import; one edited in Styrbord since, or written there, is kept and
 * reported as kept. The rules are in docs/importer.md ("Memo fields").
 */
import { sql } from 'kysely';
import { audit, type Executor } from '../db/index.ts';
import type { Actor } from '../access/model.ts';
import { normalizeForm, type MemoForm } from './memoForm.ts';
import { lock } from './store.ts';
import type { ImportedMemo } from '../importer/memoFields.ts';

export interface MemoTarget {
  itemId: number;
  number: number;
  memo: ImportedMemo | null | undefined;
  /** The item's att-satser: the memo's "Förslag till beslut". */
  clauses: string[];
}

export interface MemoOutcome {
  created: number;
  updated: number;
  kept: number;
  /** Swedish, for the import's notes: each memo kept rather than overwritten. */
  report: string[];
}

/** The form an imported memo fills. */
export function formOf(memo: ImportedMemo, clauses: readonly string[]): MemoForm {
  return normalizeForm({
    unit: memo.unit,
    officer: memo.officer,
    summary: memo.summary,
    description: memo.description,
    clauses: [...clauses],
    consequences: memo.consequences,
    signatoryName: memo.signatoryName,
    signatoryTitle: memo.signatoryTitle,
    sendTo: memo.sendTo,
  });
}

const sameForm = (a: unknown, b: MemoForm) => JSON.stringify(normalizeForm(a as Partial<MemoForm>)) === JSON.stringify(b);

export async function saveImportedMemos(trx: Executor, importer: Actor, sha256: string, targets: readonly MemoTarget[]): Promise<MemoOutcome> {
  const out: MemoOutcome = { created: 0, updated: 0, kept: 0, report: [] };
  for (const t of targets) {
    if (!t.memo) continue;
    const form = formOf(t.memo, t.clauses);
    await lock(trx, 'item', t.itemId);
    const row = await trx.selectFrom('memo_form').selectAll().where('agenda_item_id', '=', t.itemId).executeTakeFirst();
    if (!row) {
      await trx
        .insertInto('memo_form')
        .values({ agenda_item_id: t.itemId, form: JSON.stringify(form), state: 'draft', updated_by: importer.id, imported_version: 1, imported_sha256: sha256 })
        .execute();
      await audit(trx, { actor: importer.id, action: 'memo-form.import', entity: 'agenda_item', entityId: t.itemId, after: { version: 1, state: 'draft', form } });
      out.created++;
      continue;
    }
    const untouched = row.imported_version !== null && row.imported_version === row.version;
    if (!untouched) {
      out.kept++;
      out.report.push(
        row.imported_version === null
          ? `Föredragnings-PM:et till punkt ${t.number} är skrivet i Styrbord (av ${row.updated_by}); det behölls och skrevs inte över av kallelsens PM.`
          : `Föredragnings-PM:et till punkt ${t.number} har ändrats i Styrbord sedan importen (av ${row.updated_by}, version ${row.version}); det behölls och skrevs inte över av den nya kallelsens PM.`,
      );
      continue;
    }
    if (sameForm(row.form, form)) {
      if (row.imported_sha256 !== sha256) {
        await trx.updateTable('memo_form').set({ imported_sha256: sha256 }).where('agenda_item_id', '=', t.itemId).execute();
      }
      continue;
    }
    const version = row.version + 1;
    await trx
      .updateTable('memo_form')
      .set({ form: JSON.stringify(form), updated_by: importer.id, updated_at: new Date(), version: sql`version + 1`, imported_version: version, imported_sha256: sha256 })
      .where('agenda_item_id', '=', t.itemId)
      .execute();
    await audit(trx, {
      actor: importer.id,
      action: 'memo-form.import',
      entity: 'agenda_item',
      entityId: t.itemId,
      before: { version: row.version, state: row.state, form: row.form },
      after: { version, state: row.state, form },
    });
    out.updated++;
  }
  return out;
}
