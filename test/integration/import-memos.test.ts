/**
 * Imported memos as fields (issue 18.5): importing a kallelse writes each
 * item's föredragnings-PM into its memo form, which the memo API shows and
 * saves; a re-import keeps a memo edited in Styrbord since (reported as
 * kept) and the item ids, and updates a memo nobody edited.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { actorWith, signIn } from '../helpers/auth.ts';
import { importKallelse } from '../../src/importer/service.ts';
import * as meetings from '../../src/meetings/service.ts';
import type { MemoFormView } from '../../src/documents/memoAuthoring.ts';

const text = readFileSync(new URL('../../seeds/000_97425d05012e62df.txt', import.meta.url), 'utf8');
const secretary = actorWith('secretary');
afterAll(dropTestSchemas);

/** The kallelse with a word changed in every memo's "Ekonomiska konsekvenser" text: another version of the same kallelse. */
const changed = (t: string) => t.replaceAll('Finansiering sker från det statliga anslaget', 'Finansieringen sker från det statliga anslaget');

describe.each(testDatabases)('imported memos on $name', (tdb) => {
  it('stores the memo fields, edits them through the memo API, and a re-import keeps the edit and the ids', async () => {
    const db = await tdb.open();
    const app = await buildApp({ db });
    try {
      const clerk = await signIn(app, db, ['secretary']);
      const r1 = await importKallelse(db, secretary, { fileName: 'kallelse.txt', text });
      expect(r1.plan.notes.some((n) => /föredragnings-PM ur kallelsen sparades som fält/.test(n))).toBe(true);
      const m1 = await meetings.getMeeting(db, r1.meetingId);
      const form = async (id: number) => {
        const res = await app.inject({ method: 'GET', url: `/api/agenda-items/${id}/memo-form`, ...clerk });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as MemoFormView;
      };
      // item 2's memo has its header grid; items 3 and 4 have none
      const [i2, i3, i4] = [m1.items[1]!, m1.items[2]!, m1.items[3]!];
      const f2 = await form(i2.id);
      expect(f2.version).toBe(1);
      expect(f2.form.officer).not.toBe('');
      expect(f2.form.unit).not.toBe('');
      expect(f2.form.description.length).toBeGreaterThan(100);
      expect(f2.form.sendTo.length).toBeGreaterThan(0);
      expect(f2.form.clauses).toEqual(i2.proposal!.clauses);
      const f3 = await form(i3.id);
      expect(f3.form.summary.length).toBeGreaterThan(50);
      expect(f3.form.consequences['economy']).toMatch(/^Finansiering sker/);
      expect(f3.form.sendTo.length).toBeGreaterThan(0);
      // item 3's memo is not item 2's: it states item 3's sum, item 2's does not
      expect(JSON.stringify(f3.form)).toContain('474 529');
      expect(JSON.stringify(f2.form)).not.toContain('474 529');
      const f4 = await form(i4.id);
      expect(f4.form.consequences['economy']).toMatch(/^Finansiering sker/);

      // the case officer edits item 3's memo in Styrbord
      const edited = { ...f3.form, description: `${f3.form.description}\n\nTillägg skrivet i Styrbord.` };
      const put = await app.inject({ method: 'PUT', url: `/api/agenda-items/${i3.id}/memo-form`, ...clerk, payload: { form: edited, version: f3.version } });
      expect(put.statusCode, put.body).toBe(200);
      expect((put.json() as MemoFormView).version).toBe(2);

      // another version of the kallelse: item 3's edit is kept and reported, item 4's unedited memo takes the new text
      const r2 = await importKallelse(db, secretary, { fileName: 'kallelse-v2.txt', text: changed(text) });
      expect(r2.meetingId).toBe(r1.meetingId);
      expect(r2.report.some((n) => n.startsWith('Föredragnings-PM:et till punkt 3 har ändrats i Styrbord sedan importen'))).toBe(true);
      expect(r2.report.filter((n) => /Föredragnings-PM:et till punkt/.test(n))).toHaveLength(1);
      const m2 = await meetings.getMeeting(db, r2.meetingId);
      expect(m2.items.map((i) => i.id)).toEqual(m1.items.map((i) => i.id));
      const g3 = await form(i3.id);
      expect(g3.version).toBe(2);
      expect(g3.form.description).toContain('Tillägg skrivet i Styrbord.');
      expect(g3.form.consequences['economy']).toMatch(/^Finansiering sker/);
      const g4 = await form(i4.id);
      expect(g4.version).toBe(2);
      expect(g4.form.consequences['economy']).toMatch(/^Finansieringen sker/);
      // a memo whose text did not change is left as it was
      expect((await form(i2.id)).version).toBe(1);

      // the edited memo can still be saved with its version (the import did not bump it)
      const again = await app.inject({ method: 'PUT', url: `/api/agenda-items/${i3.id}/memo-form`, ...clerk, payload: { form: g3.form, version: g3.version } });
      expect(again.statusCode, again.body).toBe(200);
      const audits = await db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'memo-form.import').execute();
      expect(audits.length).toBeGreaterThanOrEqual(4);

      // item 3 taken off the agenda: its edited memo keeps it (reported); item 5's unedited imported memo does not keep item 5
      const cut = (t: string, from: string, to: string) => t.slice(0, t.indexOf(from)) + t.slice(t.indexOf(to));
      const without = cut(changed(text), '3. Egen finansiering från det statliga', '4. Medfinansiering av Smart tillväxt')
        .replace('\n4. Medfinansiering av Smart tillväxt', '\n3. Medfinansiering av Smart tillväxt')
        .replace('\n5. Utökad medfinansiering', '\n4. Utökad medfinansiering')
        .replace('\n6. Redovisning av delegationsbeslut', '\n5. Redovisning av delegationsbeslut')
        .replace('\n7. Information\n', '\n6. Information\n')
        .replace('\n8. Presentationer vid sammanträdet', '\n7. Presentationer vid sammanträdet');
      const r3 = await importKallelse(db, secretary, { fileName: 'kallelse-v3.txt', text: without });
      expect(r3.report.some((n) => n.startsWith(`Punkt 3 "${i3.title}" finns inte i den nya kallelsen men har föredragnings-PM`)), r3.report.join('\n')).toBe(true);
      expect((await form(i3.id)).form.description).toContain('Tillägg skrivet i Styrbord.');
    } finally {
      await app.close();
      await db.close();
    }
  }, 240_000);
});
