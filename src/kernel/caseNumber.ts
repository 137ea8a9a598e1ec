import { DomainError } from './errors.ts';

/** A diarienummer such as 20RS6567: two-digit year, series letters, serial. */
export interface CaseNumber {
  year: number; // four digits, e.g. 2020
  series: string; // e.g. "RS"
  serial: number; // e.g. 6567
}

const PATTERN = /^(\d{2})\s*([A-ZÅÄÖ]{1,4})\s*0*(\d{1,7})$/;

export function parseCaseNumber(input: string): CaseNumber {
  const text = input.trim().toUpperCase();
  const m = PATTERN.exec(text);
  if (!m) {
    throw new DomainError(
      'invalid-case-number',
      `"${input.trim().slice(0, 40)}" är inte ett diarienummer. Ett diarienummer skrivs som årtal, serie och löpnummer, till exempel 20RS6567.`,
    );
  }
  const serial = Number(m[3]);
  if (serial < 1) throw new DomainError('invalid-case-number', `Löpnumret i "${input.trim()}" måste vara minst 1.`);
  return { year: 2000 + Number(m[1]), series: m[2]!, serial };
}

export function formatCaseNumber(c: CaseNumber): string {
  if (c.year < 2000 || c.year > 2099) {
    throw new DomainError('invalid-case-number', `Årtalet ${c.year} kan inte skrivas i ett diarienummer.`);
  }
  return `${String(c.year % 100).padStart(2, '0')}${c.series}${c.serial}`;
}

export function isCaseNumber(input: string): boolean {
  return PATTERN.test(input.trim().toUpperCase());
}

/** Finds every diarienummer in running text ("Diarienummer 20RS5938 och 20RS6187"). */
export function findCaseNumbers(text: string): string[] {
  const found = text.match(/\b\d{2}RS\d{1,7}\b/g) ?? [];
  return [...new Set(found)];
}
