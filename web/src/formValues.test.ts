import { describe, expect, it } from 'vitest';
import { ApiFailure } from './api.ts';
import { failureMessage, moneyText, parseDateText, parseMoneyText } from './formValues.ts';

describe('parseMoneyText', () => {
  it('reads kronor with Swedish digit groups and öre exactly', () => {
    expect(parseMoneyText('474 529')).toEqual({ ok: true, value: 47_452_900 });
    expect(parseMoneyText('474 529,50')).toEqual({ ok: true, value: 47_452_950 });
    expect(parseMoneyText('474\u00a0529')).toEqual({ ok: true, value: 47_452_900 });
    expect(parseMoneyText('0,01')).toEqual({ ok: true, value: 1 });
    expect(parseMoneyText('1,5 mnkr')).toEqual({ ok: true, value: 150_000_000 });
  });

  it('gives a Swedish message for what is not an amount', () => {
    for (const bad of ['abc', '12,345', '47 45 29', '1.5']) {
      const r = parseMoneyText(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/belopp|siffergruppering|decimaler/);
    }
  });

  it('treats empty as null unless required', () => {
    expect(parseMoneyText('  ')).toEqual({ ok: true, value: null });
    expect(parseMoneyText('', { required: true, label: 'Ramen' })).toEqual({ ok: false, message: 'Ramen måste fyllas i.' });
  });

  it('shows öre back as the text it reads', () => {
    expect(moneyText(47_452_950)).toBe('474 529,50');
    expect(moneyText(47_452_900)).toBe('474 529');
    expect(moneyText(null)).toBe('');
    for (const ore of [0, 1, 99, 100_000_000, -8_000_000, 47_452_950]) {
      expect(parseMoneyText(moneyText(ore))).toEqual({ ok: true, value: ore });
    }
  });
});

describe('parseDateText', () => {
  it('accepts real ISO dates only', () => {
    expect(parseDateText('2020-08-24')).toEqual({ ok: true, value: '2020-08-24' });
    expect(parseDateText(' 2024-02-29 ')).toEqual({ ok: true, value: '2024-02-29' });
    for (const bad of ['2023-02-29', '24/08/2020', '2020-8-24', '8/24/2020', '2020-13-01']) {
      const r = parseDateText(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toContain('ÅÅÅÅ-MM-DD');
    }
  });

  it('treats empty as null unless required', () => {
    expect(parseDateText('')).toEqual({ ok: true, value: null });
    expect(parseDateText('', { required: true, label: 'Beslutsdatum' })).toEqual({ ok: false, message: 'Beslutsdatum måste fyllas i.' });
  });
});

describe('failureMessage', () => {
  it('shows the server message, else the fallback', () => {
    expect(failureMessage(new ApiFailure('Budgeten har ändrats av Anna.', 409, 'stale-version'), 'Kunde inte spara.')).toBe('Budgeten har ändrats av Anna.');
    expect(failureMessage(new TypeError('x'), 'Kunde inte spara.')).toBe('Kunde inte spara.');
  });
});
