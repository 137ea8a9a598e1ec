/**
 * Atom feeds of new meetings and of decisions (from adjusted minutes) per
 * body. A feed is a public document, whoever fetches it: personnummer and
 * natural persons' names are masked in every entry.
 */
import type { Db } from '../db/index.ts';
import * as meetings from '../meetings/service.ts';
import * as minutes from '../minutes/service.ts';
import { maskText } from './mask.ts';
import { publicNames } from './publicEdge.ts';

const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

export interface FeedEntry {
  id: string;
  title: string;
  updated: string; // RFC 3339
  link: string;
  summary: string;
}

export function atom(feed: { id: string; title: string; self: string; alternate: string; author: string; entries: FeedEntry[] }, names: readonly string[] = []): string {
  const pub = (s: string) => esc(maskText(s, names));
  const updated = feed.entries.map((e) => e.updated).sort().at(-1) ?? '2000-01-01T00:00:00Z';
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">',
    `  <id>${esc(feed.id)}</id>`,
    `  <title>${esc(feed.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${esc(feed.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${esc(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${esc(feed.alternate)}"/>`,
    ...feed.entries.map((e) =>
      [
        '  <entry>',
        `    <id>${esc(e.id)}</id>`,
        `    <title>${pub(e.title)}</title>`,
        `    <updated>${e.updated}</updated>`,
        `    <link rel="alternate" type="text/html" href="${esc(e.link)}"/>`,
        `    <summary type="text">${pub(e.summary)}</summary>`,
        '  </entry>',
      ].join('\n'),
    ),
    '</feed>',
    '',
  ].join('\n');
}

const noon = (date: string) => `${date}T12:00:00Z`;

export async function meetingsFeed(db: Db, bodyId: number, base: string): Promise<string> {
  const body = await meetings.getBody(db, bodyId);
  const list = await meetings.listMeetings(db, { bodyId });
  return atom({
    id: `${base}/feeds/bodies/${bodyId}/meetings.atom`,
    title: `${body.name}: sammanträden`,
    self: `${base}/feeds/bodies/${bodyId}/meetings.atom`,
    alternate: `${base}/namnder/${bodyId}`,
    author: body.organisation,
    entries: list.slice(0, 50).map((m) => ({
      id: `${base}/sammantraden/${m.id}`,
      title: `${m.cancelled ? 'INSTÄLLT: ' : ''}${m.bodyName} – sammanträde ${m.date}`,
      updated: noon(m.date),
      link: `${base}/sammantraden/${m.id}`,
      summary: `${m.cancelled ? 'Sammanträdet är inställt. ' : ''}${m.itemCount} punkter på föredragningslistan${m.place ? `. Plats: ${m.place}` : ''}${m.startTime ? `. Tid: kl. ${m.startTime}${m.endTime ? `–${m.endTime}` : ''}` : ''}.`,
    })),
  }, await publicNames(db));
}

/** Decisions of adjusted minutes only: drafts are never published. */
export async function decisionsFeed(db: Db, bodyId: number, base: string): Promise<string> {
  const body = await meetings.getBody(db, bodyId);
  const entries: FeedEntry[] = [];
  for (const m of await meetings.listMeetings(db, { bodyId })) {
    if (entries.length >= 100) break;
    if (!(await minutes.hasMinutes(db, m.id))) continue;
    const view = await minutes.getMinutes(db, m.id);
    if (!view.locked || !view.adjustedOn) continue;
    for (const d of view.decisions) {
      entries.push({
        id: `${base}/sammantraden/${m.id}/protokoll#p${d.paragraph}`,
        title: `§ ${d.paragraph} ${d.itemTitle}${d.caseNumber ? ` (${d.caseNumber})` : ''}`,
        updated: noon(view.adjustedOn),
        link: `${base}/sammantraden/${m.id}/protokoll`,
        summary: `${d.outcomeLabel}. ${d.clauses.join(' ')}`,
      });
    }
  }
  return atom({
    id: `${base}/feeds/bodies/${bodyId}/decisions.atom`,
    title: `${body.name}: beslut`,
    self: `${base}/feeds/bodies/${bodyId}/decisions.atom`,
    alternate: `${base}/anslagstavla`,
    author: body.organisation,
    entries,
  }, await publicNames(db));
}
