import { describe, expect, it } from 'vitest';
import { assertMayEmail, extractFileName, extractSubject, extractText, recipientLine, sendToInText, sendToOfMeeting } from './dispatch.ts';

describe('the "Skickas till" of a memo', () => {
  it('reads a recipient line with or without an address', () => {
    expect(recipientLine('  Regionkansliet ')).toEqual({ name: 'Regionkansliet', email: null });
    expect(recipientLine('Lena Kihl <lena.kihl@example.se>')).toEqual({ name: 'Lena Kihl', email: 'lena.kihl@example.se' });
    expect(recipientLine('Mälardalens högskola, Anna Bird, anna.bird@example.se')).toEqual({ name: 'Mälardalens högskola, Anna Bird', email: 'anna.bird@example.se' });
    expect(recipientLine('   ')).toBeNull();
  });

  it('reads the block up to a blank line, a numbered heading or the title of what follows', () => {
    const text = 'Beslutsunderlag\nFöredragningsPM.\n\nPetter Arneback\nDirektör\n\nSkickas till:\nRegionstyrelsen\nLena Kihl <lena.kihl@example.se>\n1 Inledning\nI länet …\nSkickas till: Almi AB\nNästa dokuments titel\n\nSammanfattning\nText.';
    expect(sendToInText(text)).toEqual([
      { name: 'Regionstyrelsen', email: null },
      { name: 'Lena Kihl', email: 'lena.kihl@example.se' },
      { name: 'Almi AB', email: null },
    ]);
    expect(sendToInText('Skickas till:\n\nText')).toEqual([]);
    expect(sendToInText('Skickas till:\nen mening som är löptext.\n')).toEqual([]);
    expect(sendToInText(null)).toEqual([]);
  });

  it('gives a block to the memo whose title follows it, and a last block to the next item when its own item has one', () => {
    const items = [
      { id: 1, number: 2, title: 'Delårsrapport', text: 'Skickas till:\nRegionstyrelsen\n1 Inledning\nText.\nSkickas till:\nProjektägaren\nProjekt Vägar framåt\n\nSammanfattning\nText.\nSkickas till:\nAlmi AB' },
      { id: 2, number: 3, title: 'Egen finansiering till projekt Vägar framåt', text: 'Smart tillväxt\nSammanfattning\nText.' },
      { id: 3, number: 4, title: 'Smart tillväxt', text: 'Text.\n\nSkickas till:\nMälardalens högskola' },
    ];
    const m = sendToOfMeeting(items);
    expect(m.get(1)!.map((r) => r.name)).toEqual(['Regionstyrelsen']);
    expect(m.get(2)!.map((r) => r.name)).toEqual(['Projektägaren', 'Almi AB']);
    expect(m.get(3)!.map((r) => r.name)).toEqual(['Mälardalens högskola']);
    // an item alone keeps its block, at the end or not
    expect(sendToOfMeeting([{ id: 9, number: 1, title: 'X', text: 'Skickas till:\nA' }]).get(9)).toEqual([{ name: 'A', email: null }]);
  });
});

describe('the extract message', () => {
  const input = { bodyName: 'Regional tillväxtnämnd', meetingDate: '2020-08-24', adjustedOn: '2020-08-25', paragraph: 12, itemTitle: 'Delårsrapport', caseNumber: '20RS6567', recipient: 'Regionstyrelsen', sealName: 'Region Örebro län', demo: false };
  it('says what is attached, when adjusted, and how the seal is checked; the demo seal is named as such', () => {
    expect(extractSubject(input)).toBe('Protokollsutdrag § 12, Regional tillväxtnämnd 2020-08-24: Delårsrapport (20RS6567)');
    expect(extractFileName('2020-08-24', 12)).toBe('protokollsutdrag-2020-08-24-p12.pdf');
    const text = extractText(input);
    expect(text).toContain('Protokollet justerades 25 augusti 2020.');
    expect(text).toContain('förseglat med sigillet Region Örebro län');
    expect(text).not.toContain('DEMOCERTIFIKAT');
    expect(extractText({ ...input, demo: true })).toContain('DEMOCERTIFIKAT och har ingen rättsverkan');
  });

  it('refuses plain e-mail for a secret item, in Swedish', () => {
    expect(() => assertMayEmail(null, 3)).not.toThrow();
    expect(() => assertMayEmail('21 kap. 1 § OSL', 3)).toThrow(/^Punkt 3 omfattas av sekretess \(21 kap\. 1 § OSL\)\. Utdraget skickas inte med vanlig e-post/);
  });
});
