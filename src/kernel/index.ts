export * from './errors.ts';
export * from './kronor.ts';
export * from './caseNumber.ts';
export * from './dates.ts';
export * from './text.ts';
export * from './holidays.ts';
