import { describe, expect, it } from 'vitest';
import type { Seat } from './model.ts';
import { motionOutcomes, recordVote, reservationMotion, validateMotion, validatePropositions, voteLine, type Motion, type Proposition, type RecordedVote } from './motions.ts';

const seat = (personId: number, name: string, role: Seat['role'] = 'member'): Seat => ({ personId, name, party: null, kind: 'member', role });
const seats = [seat(1, 'Irén Lejegren', 'chair'), seat(2, 'Patrik Nyström'), seat(3, 'Kenneth Lantz'), seat(4, 'Anna Berg')];
const bifall: Motion = { id: 10, position: 1, moverPersonId: 1, supporters: [], kind: 'bifall', text: 'bifall till förslaget' };
const avslag: Motion = { id: 11, position: 2, moverPersonId: 2, supporters: [3], kind: 'avslag', text: 'avslag på förslaget' };
const motions = [bifall, avslag];
const props: Proposition[] = validatePropositions(motions, [{ jaMotionId: 10, nejMotionId: 11, chairFinds: 'ja' }]);

describe('yrkanden', () => {
  it('only a serving member may move or instämma; ändring needs its text', () => {
    expect(validateMotion({ moverPersonId: 2, kind: 'avslag' }, seats, seats)).toEqual({ moverPersonId: 2, supporters: [], kind: 'avslag', text: 'avslag på förslaget' });
    expect(() => validateMotion({ moverPersonId: 4, kind: 'bifall' }, seats.slice(0, 3), seats)).toThrow('Anna Berg tjänstgör inte på punkten och kan inte yrka.');
    expect(() => validateMotion({ moverPersonId: 1, supporters: [4], kind: 'bifall' }, seats.slice(0, 3), seats)).toThrow(/Anna Berg tjänstgör inte/);
    expect(() => validateMotion({ moverPersonId: 1, kind: 'andring', text: '  ' }, seats, seats)).toThrow(expect.objectContaining({ code: 'motion-text-required' }));
  });
});

describe('propositionsordning', () => {
  it('numbers the questions and writes "… mot …"', () => {
    expect(props).toEqual([{ position: 1, jaMotionId: 10, nejMotionId: 11, chairFinds: 'ja', text: 'bifall till förslaget mot avslag på förslaget' }]);
  });
  it('refuses a yrkande against itself, an unknown one, and one that already fell', () => {
    expect(() => validatePropositions(motions, [{ jaMotionId: 10, nejMotionId: 10, chairFinds: 'ja' }])).toThrow(expect.objectContaining({ code: 'same-motion' }));
    expect(() => validatePropositions(motions, [{ jaMotionId: 99, chairFinds: 'ja' }])).toThrow(expect.objectContaining({ code: 'unknown-motion' }));
    const three: Motion[] = [...motions, { id: 12, position: 3, moverPersonId: 3, supporters: [], kind: 'aterremiss', text: 'återremiss för komplettering' }];
    expect(() =>
      validatePropositions(three, [
        { jaMotionId: 10, nejMotionId: 12, chairFinds: 'ja' },
        { jaMotionId: 12, nejMotionId: 11, chairFinds: 'ja' },
      ]),
    ).toThrow('Yrkandet om återremiss för komplettering har redan fallit och kan inte ställas under proposition 2.');
    // the omröstning's result decides which fell, not the chair's finding
    expect(() => validatePropositions(three, [{ jaMotionId: 10, nejMotionId: 12, chairFinds: 'ja' }, { jaMotionId: 12, nejMotionId: 11, chairFinds: 'ja' }], new Map([[1, 'nej']]))).not.toThrow();
  });
  it('outcomes follow the finding, or the vote when one was held', () => {
    expect([...motionOutcomes(motions, props)]).toEqual([[10, 'won'], [11, 'lost']]);
    expect([...motionOutcomes(motions, props, new Map([[1, 'nej']]))]).toEqual([[10, 'lost'], [11, 'won']]);
    expect(motionOutcomes([bifall], validatePropositions([bifall], [{ jaMotionId: 10, chairFinds: 'nej' }])).get(10)).toBe('lost');
  });
});

describe('omröstning', () => {
  const vote = (choices: Array<'ja' | 'nej' | 'avstår'>) => choices.map((choice, i) => ({ personId: i + 1, choice }));
  it('counts a voting list that covers every serving member once', () => {
    const { vote: v } = recordVote(props, motions, { propositionPosition: 1, jaMeans: '', nejMeans: '', votes: vote(['ja', 'ja', 'nej', 'avstår']) }, seats, 4, 1);
    expect(v).toMatchObject({ ja: 2, nej: 1, avstar: 1, result: 'ja', castingVote: false, jaMeans: 'ja för bifall till förslaget', nejMeans: 'nej för avslag på förslaget' });
    expect(voteLine(v)).toBe('2 ja, 1 nej, 1 avstår');
  });
  it('refuses a list with a member missing, twice, or not serving', () => {
    const run = (votes: Array<{ personId: number; choice: 'ja' | 'nej' | 'avstår' }>) => () => recordVote(props, motions, { propositionPosition: 1, jaMeans: 'Ja', nejMeans: 'Nej', votes }, seats, 4, 1);
    expect(run(vote(['ja', 'ja', 'nej']))).toThrow('Röst saknas för Anna Berg.');
    expect(run([...vote(['ja', 'ja', 'nej', 'nej']), { personId: 2, choice: 'ja' }])).toThrow(expect.objectContaining({ code: 'double-vote' }));
    expect(run([...vote(['ja', 'ja', 'nej', 'nej']), { personId: 9, choice: 'ja' }])).toThrow(expect.objectContaining({ code: 'not-serving' }));
  });
  it("breaks a tie with the chair's vote, and needs it", () => {
    const { vote: v } = recordVote(props, motions, { propositionPosition: 1, jaMeans: 'Ja', nejMeans: 'Nej', votes: vote(['nej', 'ja', 'ja', 'nej']) }, seats, 4, 1);
    expect(v).toMatchObject({ ja: 2, nej: 2, result: 'nej', castingVote: true });
    expect(voteLine(v)).toBe('2 ja, 2 nej (ordförandens utslagsröst: nej)');
    expect(() => recordVote(props, motions, { propositionPosition: 1, jaMeans: 'Ja', nejMeans: 'Nej', votes: vote(['avstår', 'ja', 'nej', 'avstår']) }, seats, 4, 1)).toThrow(
      expect.objectContaining({ code: 'tie-without-chair' }),
    );
  });
  it('is refused without quorum', () => {
    expect(() => recordVote(props, motions, { propositionPosition: 1, jaMeans: 'Ja', nejMeans: 'Nej', votes: vote(['ja', 'ja']) }, seats.slice(0, 2), 5, 1)).toThrow(
      expect.objectContaining({ code: 'no-quorum', status: 409, message: expect.stringContaining('2 av 5 ledamöter tjänstgör, minst 3 krävs') }),
    );
  });
});

describe('reservationer', () => {
  const held: RecordedVote[] = [
    { propositionPosition: 1, jaMeans: 'Ja', nejMeans: 'Nej', votes: [{ personId: 1, choice: 'ja' }, { personId: 2, choice: 'nej' }, { personId: 3, choice: 'nej' }, { personId: 4, choice: 'nej' }], ja: 1, nej: 3, avstar: 0, result: 'nej', castingVote: false, summary: '' },
  ];
  it('need a lost yrkande that the reserving person moved, joined or voted for', () => {
    expect(reservationMotion({ personId: 2, name: 'Patrik Nyström' }, null, motions, props, []).id).toBe(11); // mover
    expect(reservationMotion({ personId: 3, name: 'Kenneth Lantz' }, 11, motions, props, []).id).toBe(11); // instämde
    // after the vote bifall fell: who voted ja (for bifall) may reserve, who voted nej may not
    expect(reservationMotion({ personId: 1, name: 'Irén Lejegren' }, null, motions, props, held).id).toBe(10);
    expect(() => reservationMotion({ personId: 4, name: 'Anna Berg' }, null, motions, props, held)).toThrow(expect.objectContaining({ code: 'reservation-without-motion' }));
  });
  it('are refused with no yrkande behind them, for a yrkande that won, or for another side', () => {
    expect(() => reservationMotion({ personId: 2, name: 'Patrik Nyström' }, null, motions, [], [])).toThrow(
      'Patrik Nyström kan inte reservera sig: hen stod inte bakom något yrkande som föll under punkten.',
    );
    expect(() => reservationMotion({ personId: 1, name: 'Irén Lejegren' }, 10, motions, props, [])).toThrow(expect.objectContaining({ code: 'reservation-motion-not-lost' }));
    expect(() => reservationMotion({ personId: 4, name: 'Anna Berg' }, 11, motions, props, [])).toThrow(expect.objectContaining({ code: 'reservation-not-on-side' }));
  });
});
