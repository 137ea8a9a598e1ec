/**
 * Twenty clients at once over real HTTP (app.listen on a free port), on
 * PGlite and, when DATABASE_URL is set, PostgreSQL:
 * - registering cases: every number distinct, the serials consecutive;
 * - creating the same user name: one is created, the others are told it is taken;
 * - editing the same record from the same version (the minutes' attendance,
 *   a secrecy mark, a point of the delegation order): exactly one wins each
 *   round, every other client gets 409 with a Swedish message naming the
 *   winner, and the stored state is the winner's (no lost update).
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { dropTestSchemas, testDatabases } from '../helpers/db.ts';
import { signIn, type Client } from '../helpers/auth.ts';
import type { Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importKallelse } from '../../src/importer/service.ts';
import { SYSTEM } from '../../src/access/model.ts';
import * as meetings from '../../src/meetings/service.ts';
import * as minutes from '../../src/minutes/service.ts';
import * as delegation from '../../src/delegation/service.ts';
import { isSwedish, SEED_003 } from './support.ts';

afterAll(dropTestSchemas);

const CLIENTS = 20;
const ROUNDS = 3;

describe.each(testDatabases)('twenty clients at once on $name', (tdb) => {
  let db: Db;
  let app: FastifyInstance;
  let base: string;
  const clients: Array<Client & { user: string }> = [];
  let meetingId: number;
  let bodyId: number;

  beforeAll(async () => {
    db = await tdb.open();
    app = await buildApp({ db });
    const imported = await importKallelse(db, SYSTEM, { fileName: '003.txt', text: SEED_003 });
    meetingId = imported.meetingId;
    bodyId = (await meetings.getMeeting(db, meetingId)).bodyId;
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    for (let i = 0; i < CLIENTS; i++) {
      const c = await signIn(app, db, ['secretary']);
      const who = (await (await fetch(`${base}/api/session`, { headers: c.headers })).json()) as { user: { username: string } };
      clients.push({ ...c, user: who.user.username });
    }
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  /** All clients send at once; the replies come back with who sent them. */
  async function race(method: string, path: string, body: (i: number) => unknown) {
    const res = await Promise.all(
      clients.map((c, i) =>
        fetch(`${base}${path}`, { method, headers: { ...c.headers, 'content-type': 'application/json' }, body: JSON.stringify(body(i)) }),
      ),
    );
    return Promise.all(res.map(async (r, i) => ({ i, status: r.status, body: (await r.json()) as { error?: { code: string; message: string } } & Record<string, unknown> })));
  }

  /** Exactly one 2xx; everyone else 409, in Swedish, naming the winner. Returns the winner. */
  function oneWinner(replies: Awaited<ReturnType<typeof race>>): number {
    const won = replies.filter((r) => r.status >= 200 && r.status < 300);
    expect(won, JSON.stringify(replies.filter((r) => r.status !== 409).map((r) => [r.status, r.body]))).toHaveLength(1);
    const winner = won[0]!.i;
    for (const r of replies.filter((x) => x.i !== winner)) {
      expect(r.status).toBe(409);
      expect(r.body.error?.code).toBe('stale-version');
      expect(isSwedish(r.body.error?.message)).toBe(true);
      expect(r.body.error?.message).toContain(`user:${clients[winner]!.user}`);
    }
    return winner;
  }

  it('registers 20 × 3 cases at once with distinct, consecutive numbers', async () => {
    const all: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const replies = await race('POST', '/api/cases', (i) => ({ title: `Samtidigt ärende ${round}.${i}`, registeredOn: '2027-03-01' }));
      expect(replies.map((r) => r.status)).toEqual(Array(CLIENTS).fill(201));
      all.push(...replies.map((r) => r.body.serial as number));
      const numbers = new Set(replies.map((r) => r.body.caseNumber));
      expect(numbers.size).toBe(CLIENTS);
    }
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: CLIENTS * ROUNDS }, (_, i) => i + 1));
  });

  it('lets exactly one of 20 edits of the same minutes version win, round after round, with no lost update', async () => {
    await minutes.openMinutes(db, SYSTEM, meetingId);
    const members = (await meetings.getBody(db, bodyId)).memberships.filter((x) => x.kind === 'member');
    for (let round = 0; round < ROUNDS; round++) {
      const { version } = await minutes.getMinutes(db, meetingId);
      // client i marks a different member absent
      const absentOf = (i: number) => members[(i + round) % members.length]!.personId;
      const replies = await race('PUT', `/api/meetings/${meetingId}/minutes/attendance`, (i) => ({
        version,
        attendance: members.map((m) => ({ personId: m.personId, present: m.personId !== absentOf(i) })),
      }));
      const winner = oneWinner(replies);
      const after = await minutes.getMinutes(db, meetingId);
      expect(after.version).toBe(version + 1);
      expect(after.attendance.filter((a) => !a.present).map((a) => a.personId)).toEqual([absentOf(winner)]);
      expect(after.attendance).toHaveLength(members.length);
    }
  });

  it('lets exactly one of 20 secrecy marks from the same version win', async () => {
    const item = (await meetings.getMeeting(db, meetingId)).items[2]!;
    for (let round = 0; round < ROUNDS; round++) {
      const current = (await meetings.getMeeting(db, meetingId)).items.find((x) => x.id === item.id)!;
      const replies = await race('PUT', `/api/agenda-items/${item.id}/secrecy`, (i) => ({ version: current.version, secrecyRef: 'annan', reason: `skäl nummer ${i + 1}` }));
      const winner = oneWinner(replies);
      const after = (await meetings.getMeeting(db, meetingId)).items.find((x) => x.id === item.id)!;
      expect(after.version).toBe(current.version! + 1);
      expect(after.secrecyRef).toBe(`Annan grund: skäl nummer ${winner + 1}`); // twenty different grounds: which one won is visible
    }
  });

  it('lets exactly one of 20 changes of a delegation point from the same version win', async () => {
    // creating the point: one creates it, the others are told it exists
    const created = await race('PUT', `/api/bodies/${bodyId}/delegation-order/7.1`, (i) => ({ title: `Punkt av klient ${i}`, delegate: 'förvaltningschef', maxAmountOre: 1000 * (i + 1), decisionTypes: [] }));
    const creator = created.filter((r) => r.status === 200 || r.status === 201);
    expect(creator, JSON.stringify(created.map((r) => r.status))).toHaveLength(1);
    for (const r of created.filter((x) => x !== creator[0])) {
      expect(r.status).toBe(409);
      expect(isSwedish(r.body.error?.message)).toBe(true);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const point = (await delegation.delegationOrder(db, bodyId)).find((p) => p.number === '7.1')!;
      const replies = await race('PUT', `/api/bodies/${bodyId}/delegation-order/7.1`, (i) => ({
        version: point.version,
        title: `Ändrad av klient ${i} i omgång ${round}`,
        delegate: 'förvaltningschef',
        maxAmountOre: 1000 * (i + 1),
        decisionTypes: [],
      }));
      const winner = oneWinner(replies);
      const after = (await delegation.delegationOrder(db, bodyId)).find((p) => p.number === '7.1')!;
      expect(after.version).toBe(point.version + 1);
      expect(after.title).toBe(`Ändrad av klient ${winner} i omgång ${round}`);
      expect(after.maxAmountOre).toBe(1000 * (winner + 1));
    }
  });

  it('creates a user name once when 20 requests ask for it at once', async () => {
    const admin = await signIn(app, db, ['admin']);
    const res = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        fetch(`${base}/api/users`, {
          method: 'POST',
          headers: { ...admin.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'samtidig.anvandare', displayName: `Klient ${i}`, password: 'ett långt lösenord', roles: ['member'] }),
        }),
      ),
    );
    const replies = await Promise.all(res.map(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string; message: string } } })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of replies.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.error?.code).toBe('username-taken');
      expect(isSwedish(r.body.error?.message)).toBe(true);
    }
  });
});
