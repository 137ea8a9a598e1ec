/**
 * The numbered, forward-only migrations. Append new ones at the end; never
 * edit or reorder one that has shipped.
 */
import { sql as m001 } from './001_foundation.ts';

export const migrations: ReadonlyArray<{ id: number; name: string; sql: string }> = [
  { id: 1, name: 'foundation', sql: m001 },
];
