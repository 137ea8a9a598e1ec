import { describe, expect, it } from 'vitest';
import {
  answerDocument,
  cleanRecipients,
  deadlinesOf,
  incomingStatus,
  isOpen,
  outgoingStatus,
  parseRemissPeriod,
  validateAnswer,
  validateIncoming,
  validateOutgoing,
  validateSending,
  type DeadlineInput,
} from './model.ts';

describe('the remisstid as the papers write it (seed 003)', () => {
  it('reads the decision\'s sentence', () => {
    expect(parseRemissPeriod('2. Remisstiden fastslås omfatta perioden 2019-12-18 – 2020-03-18.')).toEqual({ from: '2019-12-18', to: '2020-03-18' });
  });
  it('reads the missive\'s sentence with Swedish dates over a line break', () => {
    expect(parseRemissPeriod('och \nremisstiden är 18 december 2019 till och med 18 mars 2020. ')).toEqual({ from: '2019-12-18', to: '2020-03-18' });
  });
  it('gives null without a period, or with one that ends before it begins', () => {
    expect(parseRemissPeriod('Synpunkter lämnas senast den 18 mars 2020')).toBeNull();
    expect(parseRemissPeriod('perioden 2020-03-18 – 2019-12-18')).toBeNull();
  });
});

describe('an incoming remiss', () => {
  const jamtland = {
    title: 'Program för smart specialisering Region Jämtland Härjedalen',
    sender: ' Region Jämtland  Härjedalen ',
    senderRef: 'RUN/430/2018',
    receivedOn: '2019-12-18',
    replyDue: '2020-03-18',
    preparer: 'Mikael Jorstig',
  };
  it('keeps the seed\'s remiss, whitespace tidied', () => {
    expect(validateIncoming(jamtland)).toEqual({ ...jamtland, sender: 'Region Jämtland Härjedalen', question: null });
  });
  it('needs a sender and a reply day, and cannot arrive after it is due', () => {
    expect(() => validateIncoming({ ...jamtland, sender: '  ' })).toThrow(/Avsändaren.*måste fyllas i/);
    expect(() => validateIncoming({ ...jamtland, replyDue: undefined })).toThrow(/Svarsdatumet.*måste fyllas i/);
    expect(() => validateIncoming({ ...jamtland, replyDue: '2020-02-30' })).toThrow(/inte ett giltigt datum/);
    expect(() => validateIncoming({ ...jamtland, receivedOn: '2020-03-19' })).toThrow(/efter sista svarsdag 2020-03-18/);
  });
  it('moves registered → on the agenda → decided → sent; declined stops it', () => {
    const base = { declined: false, answerSentOn: null, decided: false, agendaItemId: null };
    expect(incomingStatus(base)).toBe('registered');
    expect(incomingStatus({ ...base, agendaItemId: 5 })).toBe('on-agenda');
    expect(incomingStatus({ ...base, agendaItemId: 5, decided: true })).toBe('decided');
    expect(incomingStatus({ ...base, agendaItemId: 5, decided: true, answerSentOn: '2020-02-20' })).toBe('sent');
    expect(incomingStatus({ ...base, declined: true })).toBe('declined');
    expect(isOpen('decided')).toBe(true);
    expect(isOpen('sent')).toBe(false);
    expect(isOpen('declined')).toBe(false);
  });
});

describe('an outgoing remiss', () => {
  it('needs a period that does not end before it begins', () => {
    expect(validateOutgoing({ title: 'Handlingsplan för social välfärd 2019-2022', periodFrom: '2019-12-18', periodTo: '2020-03-18' })).toEqual({
      title: 'Handlingsplan för social välfärd 2019-2022', question: null, periodFrom: '2019-12-18', periodTo: '2020-03-18',
    });
    expect(() => validateOutgoing({ title: 'X', periodFrom: '2020-03-18', periodTo: '2019-12-18' })).toThrow(/före sin början 2020-03-18/);
  });
  it('is not begun, open (both ends included) or closed', () => {
    const p = { periodFrom: '2019-12-18', periodTo: '2020-03-18' };
    expect(outgoingStatus(p, '2019-12-17')).toBe('not-started');
    expect(outgoingStatus(p, '2019-12-18')).toBe('open');
    expect(outgoingStatus(p, '2020-03-18')).toBe('open');
    expect(outgoingStatus(p, '2020-03-19')).toBe('closed');
  });
  it('takes recipients a line each, once each', () => {
    expect(cleanRecipients('Ljusnarsbergs kommun\n\n  Nora  kommun \nljusnarsbergs kommun\r\nÖrebro kommun')).toEqual(['Ljusnarsbergs kommun', 'Nora kommun', 'Örebro kommun']);
    expect(cleanRecipients(['A', 'a', 'B'])).toEqual(['A', 'B']);
  });
  it('takes an answer within the period\'s reach, with a known stance', () => {
    const ctx = { periodFrom: '2019-12-18', today: '2020-02-14' };
    expect(validateAnswer({ answeredOn: '2020-01-31', stance: 'avstyrker', summary: 'Planen är inte komplett: uppföljningsplan och indikatorer saknas.' }, ctx)).toEqual({
      answeredOn: '2020-01-31', stance: 'avstyrker', summary: 'Planen är inte komplett: uppföljningsplan och indikatorer saknas.',
    });
    expect(() => validateAnswer({ answeredOn: '2019-12-17' }, ctx)).toThrow(/före remisstidens början 2019-12-18/);
    expect(() => validateAnswer({ answeredOn: '2020-02-15' }, ctx)).toThrow(/inte har kommit än/);
    expect(() => validateAnswer({ answeredOn: '2020-01-31', stance: 'kanske' }, ctx)).toThrow(/Ställningstagandet "kanske" finns inte/);
  });
});

describe('deadlines for the start page', () => {
  const row = (over: Partial<DeadlineInput>): DeadlineInput => ({
    id: 1, direction: 'incoming', title: 'T', caseNumber: null, sender: 'Region Jämtland Härjedalen', replyDue: null, periodFrom: null, periodTo: null,
    answerSentOn: null, declined: false, recipients: 0, answered: 0, ...over,
  });
  it('lists unanswered incoming remisser, overdue ones too, and running outgoing ones, soonest first', () => {
    const rows = [
      row({ id: 1, replyDue: '2020-03-18' }),
      row({ id: 2, replyDue: '2020-02-01' }),
      row({ id: 3, replyDue: '2020-02-20', answerSentOn: '2020-02-17' }),
      row({ id: 4, replyDue: '2020-02-20', declined: true }),
      row({ id: 5, direction: 'outgoing', sender: null, periodFrom: '2019-12-18', periodTo: '2020-02-28', recipients: 12, answered: 8 }),
      row({ id: 6, direction: 'outgoing', sender: null, periodFrom: '2020-03-01', periodTo: '2020-04-01', recipients: 3 }),
      row({ id: 7, direction: 'outgoing', sender: null, periodFrom: '2019-10-01', periodTo: '2020-01-30', recipients: 3 }),
      row({ id: 8, direction: 'outgoing', sender: null, periodFrom: '2019-10-01', periodTo: '2020-01-31', recipients: 3, answered: 1 }),
    ];
    const d = deadlinesOf(rows, '2020-02-14');
    expect(d.map((x) => x.remissId)).toEqual([8, 2, 5, 1]);
    expect(d[0]).toMatchObject({ label: 'Remisstiden slutar', due: '2020-01-31', daysLeft: -14, overdue: true, counterpart: '1 av 3 mottagare har svarat' });
    expect(d[1]).toMatchObject({ label: 'Svar på remiss senast', due: '2020-02-01', daysLeft: -13, overdue: true, counterpart: 'Region Jämtland Härjedalen' });
    expect(d[2]).toMatchObject({ due: '2020-02-28', daysLeft: 14, overdue: false, counterpart: '8 av 12 mottagare har svarat' });
    expect(d[3]).toMatchObject({ due: '2020-03-18', daysLeft: 33, overdue: false });
  });
});

describe('the Svar på remiss', () => {
  const decision = {
    bodyName: 'Regional tillväxtnämnd',
    meetingDate: '2020-02-14',
    paragraph: 13,
    outcomeLabel: 'Bifall',
    clauses: ['redovisat förslag till svar godkänns som Region Örebro läns svar till Region Jämtland Härjedalen.'],
  };
  const input = {
    title: 'Program för smart specialisering Region Jämtland Härjedalen',
    sender: 'Region Jämtland Härjedalen',
    senderRef: 'RUN/430/2018',
    caseNumber: '19RS10445',
    organisation: 'Region Örebro län',
    decision,
  };
  it('is produced from the remiss and the decision of seed 003 item 5', () => {
    expect(answerDocument(input)).toBe(
      [
        'Till: Region Jämtland Härjedalen',
        'Er beteckning: RUN/430/2018',
        'Vår beteckning: 19RS10445',
        '',
        'Svar på remiss – Program för smart specialisering Region Jämtland Härjedalen',
        '',
        'Regional tillväxtnämnd beslutade 2020-02-14, § 13:',
        'att redovisat förslag till svar godkänns som Region Örebro läns svar till Region Jämtland Härjedalen.',
        '',
        'För Region Örebro län',
        'Regional tillväxtnämnd',
        '',
      ].join('\n'),
    );
  });
  it('keeps a heading that already says Svar på remiss, and a decision without § or att-satser', () => {
    const doc = answerDocument({ ...input, title: 'Svar på remiss – X', senderRef: null, decision: { ...decision, paragraph: null, clauses: [] } });
    expect(doc).toContain('\nSvar på remiss – X\n');
    expect(doc).not.toContain('Er beteckning');
    expect(doc).toContain('beslutade 2020-02-14:\nBifall\n');
  });
  it('is sent only after the decision, not before the meeting nor in the future', () => {
    const ctx = { decided: true, meetingDate: '2020-02-14', today: '2020-03-01' };
    expect(validateSending({ sentOn: '2020-02-17', sentTo: 'Region Jämtland Härjedalen' }, ctx)).toEqual({ sentOn: '2020-02-17', sentTo: 'Region Jämtland Härjedalen' });
    expect(() => validateSending({ sentOn: '2020-02-17', sentTo: 'X' }, { ...ctx, decided: false })).toThrow(/först när nämnden har fattat beslut/);
    expect(() => validateSending({ sentOn: '2020-02-13', sentTo: 'X' }, ctx)).toThrow(/före sammanträdet 2020-02-14/);
    expect(() => validateSending({ sentOn: '2020-03-02', sentTo: 'X' }, ctx)).toThrow(/inte har kommit än/);
    expect(() => validateSending({ sentOn: '2020-02-17', sentTo: ' ' }, ctx)).toThrow(/Mottagaren av svaret måste fyllas i/);
  });
});

describe('the answer on the agenda', () => {
  it('is titled and proposed as seed 003 item 5', async () => {
    const { answerItemTitle, proposedClause, genitive } = await import('./model.ts');
    expect(answerItemTitle('Program för smart specialisering Region Jämtland Härjedalen')).toBe('Svar på remiss – Program för smart specialisering Region Jämtland Härjedalen');
    expect(answerItemTitle('Svar på remiss – X')).toBe('Svar på remiss – X');
    expect(proposedClause('Region Örebro län', 'Region Jämtland Härjedalen')).toBe('redovisat förslag till svar godkänns som Region Örebro läns svar till Region Jämtland Härjedalen.');
    expect(genitive('Regionförbundet Örebro läns')).toBe('Regionförbundet Örebro läns');
  });
});
