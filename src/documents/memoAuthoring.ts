/**
 * Use cases of the föredragnings-PM written as a form (issue 14, point 4) and
 * of the beslutsunderlag's order and names (point 5). The handläggare saves
 * drafts; the secretary marks the memo "klar för kallelse", which writes the
 * memo the kallelse book prints (briefing_memo) from the form. One
 * transaction per use case, audited, version-locked.
 */
import { sql } from 'kysely';
import { audit, executorOf, type Db, type Executor } from '../db/index.ts';
import { authorize, type Actor } from '../access/model.ts';
import { DomainError, notFound } from '../kernel/errors.ts';
import { validateMemo, type BriefingMemoInput } from './model.ts';
import { assertForm, consequencesText, MEMO_CONSEQUENCES, MEMO_STATE_LABEL, normalizeForm, type MemoForm, type MemoFormState } from './memoForm.ts';
import * as store from './store.ts';
import { itemOf } from './service.ts';

export interface MemoFormView {
  agendaItemId: number;
  meetingId: number;
  itemNumber: string;
  itemTitle: string;
  state: MemoFormState;
  stateLabel: string;
  version: number;
  form: MemoForm;
  updatedBy: string | null;
  updatedAt: string | null;
  consequenceFields: ReadonlyArray<{ key: string; label: string }>;
  pdfUrl: string | null;
}

const findForm = (ex: Executor, itemId: number) => ex.selectFrom('memo_form').selectAll().where('agenda_item_id', '=', itemId).executeTakeFirst();

/** Starting values from the memo the item already has (imported or written through the API), else from the agenda item. */
function initialForm(existing: unknown, proposal: { clauses: string[] } | null | undefined): MemoForm {
  const m = (existing ?? {}) as Partial<BriefingMemoInput> & { signatory?: { name?: string; title?: string } };
  return normalizeForm({
    unit: m.unit ?? '',
    officer: m.officer ?? '',
    summary: m.summary ?? '',
    description: m.description ?? '',
    clauses: proposal?.clauses ?? [],
    consequences: m.economy ? { economy: m.economy } : {},
    signatoryName: m.signatory?.name ?? '',
    signatoryTitle: m.signatory?.title ?? '',
    sendTo: m.sendTo ?? [],
  });
}

export async function getMemoForm(db: Db | Executor, actor: Actor, itemId: number): Promise<MemoFormView> {
  authorize(actor, 'case.register');
  const ex = executorOf(db);
  const { meetingId, item } = await itemOf(ex, itemId);
  const row = await findForm(ex, itemId);
  const memo = await store.findMemo(ex, itemId);
  const state = (row?.state ?? 'draft') as MemoFormState;
  return {
    agendaItemId: itemId,
    meetingId,
    itemNumber: String(item.number),
    itemTitle: item.title,
    state,
    stateLabel: MEMO_STATE_LABEL[state],
    version: row?.version ?? 0,
    form: row ? normalizeForm(row.form as Partial<MemoForm>) : initialForm(memo?.content, item.proposal),
    updatedBy: row?.updated_by ?? null,
    updatedAt: row ? new Date(row.updated_at).toISOString() : null,
    consequenceFields: MEMO_CONSEQUENCES,
    pdfUrl: memo ? `/api/agenda-items/${itemId}/memo.pdf` : null,
  };
}

function assertVersion(row: { version: number; updated_by: string } | undefined, version: number, what: string): void {
  const current = row?.version ?? 0;
  if (version !== current) {
    throw new DomainError(
      'stale-version',
      `${what} har ändrats av ${row?.updated_by ?? 'någon annan'} sedan du hämtade det (din version ${version}, nu ${current}). Ladda om och gör ändringen igen.`,
      { status: 409, details: { current, changedBy: row?.updated_by ?? null } },
    );
  }
}

async function writeForm(trx: Executor, itemId: number, form: MemoForm, state: MemoFormState, actor: string, existing: boolean) {
  if (existing) {
    await trx
      .updateTable('memo_form')
      .set({ form: JSON.stringify(form), state, updated_by: actor, updated_at: new Date(), version: sql`version + 1` })
      .where('agenda_item_id', '=', itemId)
      .execute();
  } else {
    await trx.insertInto('memo_form').values({ agenda_item_id: itemId, form: JSON.stringify(form), state, updated_by: actor }).execute();
  }
}

/** Saves the form as a draft (a memo that was ready goes back to utkast). Placeholders are refused naming the field. */
export async function saveMemoDraft(db: Db, actor: Actor, itemId: number, input: { form: Partial<MemoForm>; version: number }): Promise<MemoFormView> {
  authorize(actor, 'case.register');
  const form = normalizeForm(input.form);
  assertForm(form, 'draft');
  await db.tx(async (trx) => {
    await store.lock(trx, 'item', itemId);
    const { item } = await itemOf(trx, itemId);
    const row = await findForm(trx, itemId);
    assertVersion(row, input.version, `Föredragnings-PM:et för punkt ${item.number}`);
    await writeForm(trx, itemId, form, 'draft', actor.id, Boolean(row));
    await audit(trx, {
      actor: actor.id,
      action: row ? 'memo-form.update' : 'memo-form.create',
      entity: 'agenda_item',
      entityId: itemId,
      before: row ? { version: row.version, state: row.state, form: row.form } : undefined,
      after: { version: (row?.version ?? 0) + 1, state: 'draft', form },
    });
  });
  return getMemoForm(db, actor, itemId);
}

/** The secretary's step: utkast → klar för kallelse (every statement written) or back to utkast. */
export async function setMemoState(db: Db, actor: Actor, itemId: number, input: { state: MemoFormState; version: number }): Promise<MemoFormView> {
  authorize(actor, 'agenda.edit');
  await db.tx(async (trx) => {
    await store.lock(trx, 'item', itemId);
    const { item } = await itemOf(trx, itemId);
    const row = await findForm(trx, itemId);
    if (!row) throw new DomainError('memo-missing', `Punkt ${item.number} har inget sparat föredragnings-PM att markera.`, { status: 422 });
    assertVersion(row, input.version, `Föredragnings-PM:et för punkt ${item.number}`);
    const form = normalizeForm(row.form as Partial<MemoForm>);
    if (input.state === 'ready') {
      assertForm(form, 'ready');
      const attachments = await store.listAttachments(trx, [itemId]);
      const { economy, consequences } = consequencesText(form);
      const memo = validateMemo(
        {
          unit: form.unit,
          officer: form.officer,
          title: item.title,
          summary: form.summary,
          description: form.description,
          consequences,
          economy,
          decisionBasis: ['Tjänsteskrivelse', ...attachments.map((a) => a.title)],
          signatory: { name: form.signatoryName, title: form.signatoryTitle },
          sendTo: form.sendTo,
        },
        { addressee: item.proposal?.addressee ?? null, clauses: form.clauses, notes: item.proposal?.notes ?? [] },
      );
      const old = await store.findMemo(trx, itemId);
      if (old) await store.updateMemo(trx, itemId, memo, actor.id);
      else await store.insertMemo(trx, itemId, memo, actor.id);
      await audit(trx, { actor: actor.id, action: old ? 'memo.update' : 'memo.create', entity: 'agenda_item', entityId: itemId, before: old ? { version: old.version, memo: old.content } : undefined, after: { memo } });
    }
    await writeForm(trx, itemId, form, input.state, actor.id, true);
    await audit(trx, { actor: actor.id, action: 'memo-form.state', entity: 'agenda_item', entityId: itemId, before: { version: row.version, state: row.state }, after: { version: row.version + 1, state: input.state } });
  });
  return getMemoForm(db, actor, itemId);
}

// ── Beslutsunderlag: names and order ──────────────────────────────────────

/** Renames one beslutsunderlag (its title in the book). */
export async function renameAttachment(db: Db, actor: Actor, id: number, input: { title: string; version: number }): Promise<void> {
  authorize(actor, 'case.register');
  const title = (input.title ?? '').replace(/\s+/g, ' ').trim();
  if (!title) throw new DomainError('title-required', 'Ange ett namn på handlingen.', { status: 400 });
  if (title.length > 300) throw new DomainError('title-too-long', 'Namnet på handlingen får vara högst 300 tecken.', { status: 400 });
  await db.tx(async (trx) => {
    const row = await store.findAttachment(trx, id);
    if (!row) throw notFound('Bilagan', id);
    await store.lock(trx, 'item', row.agenda_item_id);
    if (row.version !== input.version) {
      throw new DomainError('stale-version', `Handlingen "${row.title}" har ändrats av ${row.uploaded_by} sedan du hämtade den (din version ${input.version}, nu ${row.version}). Ladda om och gör ändringen igen.`, { status: 409 });
    }
    await trx.updateTable('attachment').set({ title, version: sql`version + 1` }).where('id', '=', id).execute();
    await audit(trx, { actor: actor.id, action: 'attachment.rename', entity: 'agenda_item', entityId: row.agenda_item_id, before: { attachmentId: id, title: row.title, version: row.version }, after: { title, version: row.version + 1 } });
  });
}

/** Puts an item's beslutsunderlag in the given order (every one of them, each once). */
export async function reorderAttachments(db: Db, actor: Actor, itemId: number, ids: number[]): Promise<void> {
  authorize(actor, 'case.register');
  await db.tx(async (trx) => {
    await store.lock(trx, 'item', itemId);
    await itemOf(trx, itemId);
    const rows = await store.listAttachments(trx, [itemId]);
    const have = rows.map((r) => r.id).sort((a, b) => a - b);
    const want = [...ids].sort((a, b) => a - b);
    if (have.length !== want.length || have.some((v, i) => v !== want[i])) {
      throw new DomainError('order-mismatch', 'Ordningen måste räkna upp punktens alla handlingar, var och en en gång. Ladda om och försök igen.', { status: 409 });
    }
    // two passes so the (item, position) uniqueness never collides midway
    for (const [n, id] of ids.entries()) await trx.updateTable('attachment').set({ position: 100_000 + n + 1 }).where('id', '=', id).execute();
    for (const [n, id] of ids.entries()) await trx.updateTable('attachment').set({ position: n + 1, version: sql`version + 1` }).where('id', '=', id).execute();
    await audit(trx, { actor: actor.id, action: 'attachment.reorder', entity: 'agenda_item', entityId: itemId, before: { order: rows.map((r) => r.id) }, after: { order: ids } });
  });
}
