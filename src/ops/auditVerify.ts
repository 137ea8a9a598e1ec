/**
 * Verifies the audit log's hash chain (migration 024): walks the entries in id
 * order, recomputes every hash here (the entry's text comes from the
 * database's own audit_log_entry_text, the SHA-256 from Node), and names the
 * first entry that does not fit: its content changed after it was written, an
 * entry before it is missing or was replaced, or the log was cut short (the
 * chain's head names a later entry).
 *
 * Anchors (an id and the hash it had, as printed by an earlier verification
 * or stored in a backup) also catch a rewrite that recomputed the chain.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../db/index.ts';
import { authorize, type Actor } from '../access/model.ts';

export const GENESIS = '0'.repeat(64);

export type BreakKind = 'changed' | 'missing-before' | 'unchained' | 'truncated' | 'head-mismatch' | 'anchor-mismatch';

export interface ChainBreak {
  kind: BreakKind;
  /** The first entry that does not fit (for 'truncated': the last entry the head names, which is gone). */
  id: number;
  at: string | null;
  /** The hash stored in (or, for 'missing-before', pointed to by) the entry, and the one it should have. */
  stored: string | null;
  expected: string | null;
  /** In Swedish, for people. */
  message: string;
}

export interface ChainStatus {
  /** false: broken; null: the database has no chain yet (from before migration 024). */
  ok: boolean | null;
  /** Entries checked. */
  entries: number;
  /** The last entry checked: an anchor for later checks. */
  head: { id: number; at: string; hash: string } | null;
  broken: ChainBreak | null;
  checkedAt: string;
  /** How long the walk took, in milliseconds. */
  ms: number;
  message: string;
}

export interface Anchor {
  id: number;
  hash: string;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const short = (h: string | null) => (h ? `${h.slice(0, 12)}…` : 'ingen');
const sv = (n: number) => n.toLocaleString('sv-SE');
const when = (at: string | null) => (at ? at.slice(0, 19).replace('T', ' ') + ' UTC' : 'okänd tid');

/** Parses "id:hash" (as `npm run audit-verify -- --anchor 123:ab12…` takes it). */
export function parseAnchor(s: string): Anchor | null {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(s.trim());
  return m ? { id: Number(m[1]), hash: m[2]! } : null;
}

interface Row {
  id: number;
  at: Date | string;
  prev_hash: string | null;
  hash: string | null;
  text: string;
}

/**
 * Walks the chain up to the entry its head names (entries appended during the
 * walk are left for the next one). Reads in batches, so it never holds one
 * long transaction (PGlite has a single connection shared with the server).
 */
export async function verifyAuditChain(ex: Executor, options: { batch?: number; anchors?: Anchor[] } = {}): Promise<ChainStatus> {
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  const done = (s: Omit<ChainStatus, 'checkedAt' | 'ms'>): ChainStatus => ({ ...s, checkedAt, ms: Math.round(performance.now() - started) });
  const hasChain = (await sql<{ ok: boolean }>`select to_regclass('audit_chain_head') is not null as ok`.execute(ex)).rows[0]?.ok;
  if (!hasChain) {
    return done({ ok: null, entries: 0, head: null, broken: null, message: 'Granskningsloggen har ingen hashkedja än (databasen är från före migrering 24); den byggs när Styrbord startar.' });
  }
  const batch = options.batch ?? 5000;
  const anchors = new Map((options.anchors ?? []).map((a) => [a.id, a.hash]));
  let prev = GENESIS;
  let prevId: number | null = null;
  let head: ChainStatus['head'] = null;
  let entries = 0;
  const broken = (b: ChainBreak) => done({ ok: false, entries, head, broken: b, message: b.message });
  for (;;) {
    let q = ex
      .selectFrom('audit_log')
      .select(['id', 'at', 'prev_hash', 'hash', sql<string>`audit_log_entry_text(id, at, actor, action, entity, entity_id, before, after)`.as('text')])
      .orderBy('id')
      .limit(batch);
    if (prevId !== null) q = q.where('id', '>', prevId);
    const rows = (await q.execute()) as Row[];
    for (const r of rows) {
      const at = new Date(r.at).toISOString();
      const where = `Posten med id ${r.id} (${when(at)})`;
      if (!r.hash || !r.prev_hash) {
        return broken({ kind: 'unchained', id: r.id, at, stored: r.hash, expected: null, message: `${where} saknar hash: den skrevs utanför kedjan (med utlösaren avstängd).` });
      }
      if (r.prev_hash !== prev) {
        const gone = prevId === null ? 'före den (den första posten pekar på nollor)' : `mellan id ${prevId} och ${r.id}`;
        return broken({
          kind: 'missing-before',
          id: r.id,
          at,
          stored: r.prev_hash,
          expected: prev,
          message: `${where} pekar på föregående hash ${short(r.prev_hash)}, men närmast föregående post${prevId === null ? '' : ` (id ${prevId})`} har ${short(prev)}: en post ${gone} har tagits bort, lagts till eller bytts ut.`,
        });
      }
      const expected = sha256(prev + r.text);
      if (r.hash !== expected) {
        return broken({
          kind: 'changed',
          id: r.id,
          at,
          stored: r.hash,
          expected,
          message: `${where} har ändrats efter att den skrevs: innehållet (tid, vem, händelse, vad, före, efter) ger hashen ${short(expected)}, men posten har ${short(r.hash)}.`,
        });
      }
      const anchored = anchors.get(r.id);
      if (anchored !== undefined && anchored !== r.hash) {
        return broken({
          kind: 'anchor-mismatch',
          id: r.id,
          at,
          stored: r.hash,
          expected: anchored,
          message: `${where} har hashen ${short(r.hash)}, men den hade ${short(anchored)} vid en tidigare kontroll: kedjan har räknats om från den posten eller tidigare.`,
        });
      }
      anchors.delete(r.id);
      prev = r.hash;
      prevId = r.id;
      head = { id: r.id, at, hash: r.hash };
      entries++;
    }
    if (rows.length === batch) continue;
    // the end of the log: the chain's head must name the last entry read
    const h = await ex.selectFrom('audit_chain_head').select(['last_id', 'hash']).executeTakeFirst();
    if (h && h.last_id === prevId && h.hash === prev) break;
    // entries committed since the last batch was read: walk on
    let newer = ex.selectFrom('audit_log').select('id').limit(1);
    if (prevId !== null) newer = newer.where('id', '>', prevId);
    if (await newer.executeTakeFirst()) continue;
    if (!h) {
      return broken({ kind: 'head-mismatch', id: prevId ?? 0, at: head?.at ?? null, stored: prev, expected: null, message: 'Kedjans huvud (tabellen audit_chain_head) har tagits bort.' });
    }
    if (h.last_id !== null && (prevId === null || h.last_id > prevId)) {
      return broken({
        kind: 'truncated',
        id: h.last_id,
        at: null,
        stored: null,
        expected: h.hash,
        message: `Den senaste posten (id ${h.last_id}) saknas${prevId === null ? '' : `; loggen slutar vid id ${prevId}`}: poster i slutet av loggen har tagits bort.`,
      });
    }
    return broken({
      kind: 'head-mismatch',
      id: prevId ?? 0,
      at: head?.at ?? null,
      stored: prev,
      expected: h.hash,
      message: `Kedjans huvud pekar på id ${h.last_id ?? 'ingen'} med hashen ${short(h.hash)}, men den sista posten${prevId === null ? '' : ` (id ${prevId})`} har ${short(prev)}: loggen eller huvudet har ändrats.`,
    });
  }
  for (const [id, hash] of anchors) {
    return broken({ kind: 'anchor-mismatch', id, at: null, stored: null, expected: hash, message: `Posten med id ${id}, som fanns vid en tidigare kontroll, finns inte längre i kedjan.` });
  }
  return done({
    ok: true,
    entries,
    head,
    broken: null,
    message: `Granskningsloggens kedja är hel: ${sv(entries)} ${entries === 1 ? 'post' : 'poster'}${head ? `, den senaste id ${head.id} (${when(head.at)}) med hash ${head.hash}` : ''}.`,
  });
}

/** GET /api/audit/verify: the chain's state, for administrators (audit.read). */
export async function auditChainStatus(db: Db, actor: Actor): Promise<ChainStatus> {
  authorize(actor, 'audit.read');
  return verifyAuditChain(db.kysely);
}
