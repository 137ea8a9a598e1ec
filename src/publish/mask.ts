/**
 * What the public may see. Personal identity numbers (personnummer and
 * samordningsnummer, with a valid check digit) are masked in every public
 * text; secret material is left out by the callers.
 */

/** Luhn check over the ten digits YYMMDDNNNC. */
export function luhnOk(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

const PNR = /\b(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})\b/g;

function plausibleDate(mm: string, dd: string): boolean {
  const m = Number(mm);
  let d = Number(dd);
  if (d > 60) d -= 60; // samordningsnummer
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** Replaces every personal identity number in the text by "ÅÅMMDD-XXXX". */
export function maskPersonalNumbers(text: string): string {
  return text.replace(PNR, (all, century: string | undefined, yy: string, mm: string, dd: string, sep: string, last: string) => {
    if (!plausibleDate(mm, dd) || !luhnOk(`${yy}${mm}${dd}${last}`)) return all;
    if (!sep && !century) return all; // ten bare digits: too likely another number (a phone, an amount)
    return `${century ?? ''}${yy}${mm}${dd}-XXXX`;
  });
}

export const containsPersonalNumber = (text: string): boolean => maskPersonalNumbers(text) !== text;

export const SECRET_TITLE = (ref: string) => `Handling som omfattas av sekretess (${ref})`;
