import { describe, expect, it } from 'vitest';
import { atom } from './feeds.ts';

describe('Atom', () => {
  it('escapes text and keeps entries', () => {
    const xml = atom({
      id: 'https://x/f', title: 'Nämnd <&> "citat"', self: 'https://x/f', alternate: 'https://x/', author: 'Region Örebro län',
      entries: [{ id: 'https://x/1', title: 'A & B', updated: '2020-08-24T12:00:00Z', link: 'https://x/1?a=1&b=2', summary: '<script>' }],
    });
    expect(xml).toContain('<title>Nämnd &lt;&amp;&gt; &quot;citat&quot;</title>');
    expect(xml).toContain('<title>A &amp; B</title>');
    expect(xml).toContain('href="https://x/1?a=1&amp;b=2"');
    expect(xml).toContain('<summary type="text">&lt;script&gt;</summary>');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('<updated>2020-08-24T12:00:00Z</updated>');
  });
  it('masks personnummer in every form and natural persons\' names in the entries', () => {
    const xml = atom(
      {
        id: 'https://x/f', title: 'Beslut', self: 'https://x/f', alternate: 'https://x/', author: 'Region Örebro län',
        entries: [{ id: 'https://x/1', title: '§ 5 Stöd till 8112189876', updated: '2020-08-24T12:00:00Z', link: 'https://x/1', summary: 'Kerstin Önnebo, 19811218 9876, beviljas.' }],
      },
      ['Kerstin Önnebo'],
    );
    expect(xml).toContain('<title>§ 5 Stöd till 811218-XXXX</title>');
    expect(xml).toContain('<summary type="text">Enskild näringsidkare, 19811218-XXXX, beviljas.</summary>');
  });
});
