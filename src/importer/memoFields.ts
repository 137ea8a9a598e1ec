/**
 * Reads an imported föredragnings-PM into the fields of the memo form
 * (documents/memoForm.ts), so the memo can be edited in Styrbord after the
 * import (issue 18.5). Pure; the lines are the memo's stretch of the
 * cleaned text (importer/attachments.ts finds it). What it reads:
 *
 * - the header grid's second line "Ekonomi, Helena Torége 2020-08-24 Dnr: …":
 *   tjänsteställe before the first comma, handläggare up to the date;
 * - the sections by their headings: "Sammanfattning", "Ärendebeskrivning"
 *   (and the sections after it that are no field of their own, such as
 *   "Bedömning" or "Uppföljning", with their headings), each consequence
 *   heading ("Ekonomiska konsekvenser"; "Konsekvenser för miljö-, barn- och
 *   jämställdhetsperspektiven" fills each perspective it names);
 * - the signature: the two-line paragraph (a name, then a title) just before
 *   "Skickas till:", or the memo's last such paragraph;
 * - "Skickas till:": one recipient a line, up to a blank line, a new page or
 *   the end of the memo.
 *
 * The memo's own "Förslag till beslut" and "Beslutsunderlag" are not read
 * here: the agenda item has them already.
 */
import { MEMO_CONSEQUENCES } from '../documents/memoForm.ts';
import type { AttachmentLine } from './attachments.ts';

export interface ImportedMemo {
  unit: string;
  officer: string;
  summary: string;
  description: string;
  /** Keyed by MEMO_CONSEQUENCES[].key; only the consequences the memo states. */
  consequences: Record<string, string>;
  signatoryName: string;
  signatoryTitle: string;
  sendTo: string[];
  /** 1-based lines of the file the memo was read from. */
  fromLine: number;
  toLine: number;
}

const GRID = /^tjänsteställe\b/i;
const MEMO_GRID = /\b(?:föredragnings-?\s?pm|tjänsteskrivelse|tjänsteutlåtande)\b/i;
const DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const DNR = /\bDnr:/i;
const PROPOSAL = /^förslag till beslut\b/i;
const SUMMARY = /^sammanfattning\s*:?$/i;
const DESCRIPTION = /^ärendebeskrivning\s*:?$/i;
const BASIS = /^(?:beslutsunderlag|beredning|underlag)\s*:?$/i;
const SEND_TO = /^skickas\s+till\s*:?\s*(.*)$/i;
const ORGAN = /^organ\s*:?\s*(.*)$/i;
/** A consequence heading: "Ekonomiska konsekvenser", "Konsekvenser för barn", "Barnkonsekvenser". */
const CONSEQUENCE = /konsekvens/i;
/** Which of the form's consequences a heading names. */
const CONSEQUENCE_WORDS: Record<string, RegExp> = {
  economy: /ekonomi/i,
  children: /\bbarn/i,
  environment: /miljö/i,
  equality: /jämställd/i,
};
const NAME_WORD = /^\p{Lu}[\p{L}\p{M}´'’`.-]*$/u;

/** A short line that reads as a heading: capitalised, no closing punctuation, a few words. */
function isHeading(l: AttachmentLine): boolean {
  const t = l.text;
  return (l.blank || l.page || l.indented) && t.length <= 70 && /^\p{Lu}/u.test(t) && !/[.,;:!?]$/.test(t) && t.split(/\s+/).length <= 8 && !/\d{3}/.test(t);
}

const looksLikeName = (t: string) => {
  const w = t.trim().split(/\s+/);
  return w.length >= 2 && w.length <= 4 && w.every((x) => NAME_WORD.test(x)) && !/\d/.test(t);
};

/** Lines into paragraphs: a blank line starts one; wrapped lines are joined with single spaces ("2019-" + "11-05" glued). */
function paragraphs(lines: Array<{ text: string; blank: boolean }>): string {
  const out: string[] = [];
  let cur = '';
  for (const l of lines) {
    if (l.blank && cur) {
      out.push(cur);
      cur = '';
    }
    const t = l.text.trim();
    if (!t) continue;
    cur = !cur ? t : /\d-$/.test(cur) && /^\d/.test(t) ? cur + t : `${cur} ${t}`;
  }
  if (cur) out.push(cur);
  return out.join('\n\n');
}

export function readMemo(lines: readonly AttachmentLine[]): ImportedMemo {
  const memo: ImportedMemo = {
    unit: '',
    officer: '',
    summary: '',
    description: '',
    consequences: {},
    signatoryName: '',
    signatoryTitle: '',
    sendTo: [],
    fromLine: lines[0]?.no ?? 0,
    toLine: lines[lines.length - 1]?.no ?? 0,
  };
  type Section = { kind: 'none' | 'proposal' | 'summary' | 'description' | 'basis' | 'send' | 'consequence'; keys: string[] };
  let section: Section = { kind: 'none', keys: [] };
  const summary: Array<{ text: string; blank: boolean }> = [];
  const description: Array<{ text: string; blank: boolean }> = [];
  const consequences = new Map<string, Array<{ text: string; blank: boolean }>>();
  let paragraph: string[] = [];
  const sign: { last: [string, string] | null; done: boolean } = { last: null, done: false };
  let sendOpen = false;
  const closeParagraph = () => {
    if (paragraph.length === 2 && looksLikeName(paragraph[0]!) && !/[.:]$/.test(paragraph[1]!)) {
      sign.last = [paragraph[0]!, paragraph[1]!];
      // signed after the proposal or the decision basis: the memo ends there (or with its "Skickas till")
      if (section.kind === 'proposal' || section.kind === 'basis') sign.done = true;
    }
    paragraph = [];
  };

  // the signature just before "Skickas till:" (a name, then a title) is not text of the section it follows
  const signature = new Set<number>();
  const sendAt = lines.findIndex((l) => SEND_TO.test(l.text));
  if (sendAt >= 2 && lines[sendAt]!.blank) {
    const [a, b] = [lines[sendAt - 2]!, lines[sendAt - 1]!];
    if (looksLikeName(a.text) && !b.blank && !/[.:]$/.test(b.text)) {
      signature.add(sendAt - 2).add(sendAt - 1);
      sign.last = [a.text, b.text];
    }
  }

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const t = l.text;
    if (signature.has(i)) continue;
    // the header grid (repeated on every page) and the "Organ" lines are not text of the memo
    if (GRID.test(t)) {
      const next = lines[i + 1];
      if (next && (DATE.test(next.text) || DNR.test(next.text))) {
        // the memo's own grid names it (another document's grid, "… Projektbeskrivning", has another handläggare)
        if (!memo.officer && MEMO_GRID.test(t)) readGridLine(memo, next.text);
        i++;
      }
      continue;
    }
    if (DNR.test(t) && DATE.test(t) && t.length <= 120 && (section.kind === 'none' || l.indented || l.page)) {
      if (!memo.officer) readGridLine(memo, t);
      continue;
    }
    const organ = ORGAN.exec(t);
    if (organ && section.kind === 'none') {
      if (!organ[1] && lines[i + 1]) i++;
      continue;
    }
    if (l.blank || l.page || l.indented) closeParagraph();
    if (sendOpen) {
      // one recipient a line, until a blank line or a new page
      if (l.blank || l.page || l.indented || memo.sendTo.length >= 30) sendOpen = false;
      else {
        memo.sendTo.push(t);
        continue;
      }
    }
    const send = SEND_TO.exec(t);
    if (sign.done && !send) break;
    if (send) {
      closeParagraph();
      if (sign.last) [memo.signatoryName, memo.signatoryTitle] = sign.last;
      section = { kind: 'send', keys: [] };
      if (send[1]) memo.sendTo.push(send[1].trim());
      sendOpen = true;
      continue;
    }
    if (section.kind === 'send') continue; // after the recipients: not the memo's text any more
    if (PROPOSAL.test(t)) {
      section = { kind: 'proposal', keys: [] };
      continue;
    }
    if (SUMMARY.test(t)) {
      section = { kind: 'summary', keys: [] };
      continue;
    }
    if (DESCRIPTION.test(t)) {
      section = { kind: 'description', keys: [] };
      continue;
    }
    if (BASIS.test(t)) {
      section = { kind: 'basis', keys: [] };
      continue;
    }
    if (isHeading(l) && CONSEQUENCE.test(t)) {
      const keys = Object.keys(CONSEQUENCE_WORDS).filter((k) => CONSEQUENCE_WORDS[k]!.test(t));
      if (keys.length > 0) {
        section = { kind: 'consequence', keys };
        for (const k of keys) if (!consequences.has(k)) consequences.set(k, []);
        continue;
      }
    }
    if (isHeading(l) && (section.kind === 'consequence' || section.kind === 'description') && !looksLikeName(t)) {
      // a section of its own ("Bedömning", "Uppföljning"): part of the description, under its heading
      section = { kind: 'description', keys: [] };
      description.push({ text: t, blank: true }, { text: '', blank: true });
      continue;
    }
    paragraph.push(t);
    const line = { text: t, blank: l.blank || l.page };
    if (section.kind === 'summary') summary.push(line);
    else if (section.kind === 'description') description.push(line);
    else if (section.kind === 'consequence') for (const k of section.keys) consequences.get(k)!.push(line);
  }
  closeParagraph();
  if (!memo.signatoryName && sign.last) [memo.signatoryName, memo.signatoryTitle] = sign.last;
  memo.summary = paragraphs(summary);
  memo.description = paragraphs(description);
  for (const c of MEMO_CONSEQUENCES) {
    const text = consequences.get(c.key);
    if (text) memo.consequences[c.key] = paragraphs(text);
  }
  return memo;
}

/** "Ekonomi, Helena Torége 2020-08-24 Dnr: 20RS6567": tjänsteställe and handläggare. */
function readGridLine(memo: ImportedMemo, text: string): void {
  const before = text.split(DATE)[0]!.replace(/\s+/g, ' ').trim();
  const comma = before.indexOf(',');
  if (comma < 0) {
    memo.officer = before;
    return;
  }
  memo.unit = before.slice(0, comma).trim();
  memo.officer = before.slice(comma + 1).trim();
}
