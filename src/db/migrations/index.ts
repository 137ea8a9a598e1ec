/**
 * The numbered, forward-only migrations. Append new ones at the end; never
 * edit or reorder one that has shipped.
 */
import { sql as m001 } from './001_foundation.ts';
import { sql as m002 } from './002_documents.ts';
import { sql as m003 } from './003_minutes.ts';
import { sql as m004 } from './004_access.ts';
import { sql as m005 } from './005_delegation.ts';
import { sql as m006 } from './006_search.ts';
import { sql as m007 } from './007_steering.ts';
import { sql as m008 } from './008_secrecy.ts';
import { sql as m009 } from './009_search_hits.ts';
import { sql as m010 } from './010_business_support.ts';
import { sql as m011 } from './011_cofinancing.ts';
import { sql as m012 } from './012_versions.ts';
import { sql as m013 } from './013_state_report.ts';
import { sql as m014 } from './014_budget.ts';
import { sql as m015 } from './015_kpi_control.ts';
import { sql as m016 } from './016_trigram.ts';
import { sql as m017 } from './017_search_queue.ts';
import { sql as m018 } from './018_agenda_closed.ts';
import { sql as m019 } from './019_secrecy_edge.ts';
import { sql as m020 } from './020_reimport_identity.ts';
import { sql as m021 } from './021_personal_data.ts';
import { sql as m022 } from './022_frozen_protokoll.ts';
import { sql as m023 } from './023_accounts.ts';
import { sql as m024 } from './024_audit_chain.ts';
import { sql as m025 } from './025_first_run.ts';
import { sql as m026 } from './026_calendar.ts';
import { sql as m027 } from './027_agenda.ts';
import { sql as m028 } from './028_memo.ts';
import { sql as m029 } from './029_sending.ts';
import { sql as m030 } from './030_diarium.ts';
import { sql as m031 } from './031_seal.ts';
import { sql as m032 } from './032_payout_attest.ts';
import { sql as m033 } from './033_plan_editing.ts';
import { sql as m034 } from './034_member_reading.ts';
import { sql as m035 } from './035_paragraph_series.ts';
import { sql as m036 } from './036_motions.ts';
import { sql as m037 } from './037_remiss.ts';
import { sql as m038 } from './038_funding_decisions.ts';
import { sql as m039 } from './039_live_attendance.ts';
import { sql as m040 } from './040_expediering.ts';
import { sql as m041 } from './041_business_support_register.ts';
import { sql as m042 } from './042_cofinancing_profile.ts';
import { sql as m043 } from './043_follow_up.ts';
import { sql as m044 } from './044_import_page.ts';
import { sql as m045 } from './045_archive.ts';
import { sql as m046 } from './046_grants_companies.ts';
import { sql as m047 } from './047_kallelse_rule.ts';
import { sql as m048 } from './048_search_words.ts';
import { sql as m049 } from './049_budget_editing.ts';
import { sql as m050 } from './050_strategy_priorities.ts';
import { sql as m051 } from './051_cofinancing_priority_links.ts';
import { sql as m052 } from './052_kolada_links.ts';
import { sql as m053 } from './053_internal_control_followup.ts';
import { sql as m054 } from './054_import_tables.ts';
import { sql as m055 } from './055_import_memo_fields.ts';
import { sql as m056 } from './056_search_ranking.ts';
import { sql as m057 } from './057_shared_jobs_and_files.ts';
import { sql as m058 } from './058_archive_pdfa.ts';

export const migrations: ReadonlyArray<{ id: number; name: string; sql: string }> = [
  { id: 1, name: 'foundation', sql: m001 },
  { id: 2, name: 'documents', sql: m002 },
  { id: 3, name: 'minutes', sql: m003 },
  { id: 4, name: 'access', sql: m004 },
  { id: 5, name: 'delegation', sql: m005 },
  { id: 6, name: 'search', sql: m006 },
  { id: 7, name: 'steering', sql: m007 },
  { id: 8, name: 'secrecy', sql: m008 },
  { id: 9, name: 'search hits', sql: m009 },
  { id: 10, name: 'business support', sql: m010 },
  { id: 11, name: 'cofinancing', sql: m011 },
  { id: 12, name: 'versions', sql: m012 },
  { id: 13, name: 'state report', sql: m013 },
  { id: 14, name: 'budget', sql: m014 },
  { id: 15, name: 'kpi and internal control', sql: m015 },
  { id: 16, name: 'trigram search', sql: m016 },
  { id: 17, name: 'search queue', sql: m017 },
  { id: 18, name: 'agenda closed', sql: m018 },
  { id: 19, name: 'secrecy at the public edge', sql: m019 },
  { id: 20, name: 'reimport identity', sql: m020 },
  { id: 21, name: 'personal data', sql: m021 },
  { id: 22, name: 'frozen protokoll', sql: m022 },
  { id: 23, name: 'accounts and sign-in', sql: m023 },
  { id: 24, name: 'audit chain', sql: m024 },
  { id: 25, name: 'first run', sql: m025 },
  { id: 26, name: 'meeting calendar', sql: m026 },
  { id: 27, name: 'agenda builder', sql: m027 },
  { id: 28, name: 'memo authoring', sql: m028 },
  { id: 29, name: 'kallelse sending', sql: m029 },
  { id: 30, name: 'diarium editing', sql: m030 },
  { id: 31, name: 'protokoll seal', sql: m031 },
  { id: 32, name: 'payout attest', sql: m032 },
  { id: 33, name: 'plan editing', sql: m033 },
  { id: 34, name: 'member reading', sql: m034 },
  { id: 35, name: 'paragraph series', sql: m035 },
  { id: 36, name: 'motions and votes', sql: m036 },
  { id: 37, name: 'remisser', sql: m037 },
  { id: 38, name: 'funding decisions', sql: m038 },
  { id: 39, name: 'live attendance', sql: m039 },
  { id: 40, name: 'expediering', sql: m040 },
  { id: 41, name: 'business support register', sql: m041 },
  { id: 42, name: 'cofinancing payment profile', sql: m042 },
  { id: 43, name: 'follow-up', sql: m043 },
  { id: 44, name: 'import page', sql: m044 },
  { id: 45, name: 'e-archive', sql: m045 },
  { id: 46, name: 'grants and companies', sql: m046 },
  { id: 47, name: 'kallelse rule per body', sql: m047 },
  { id: 48, name: 'search words', sql: m048 },
  { id: 49, name: 'budget editing', sql: m049 },
  { id: 50, name: 'strategy priorities', sql: m050 },
  { id: 51, name: 'cofinancing priority links', sql: m051 },
  { id: 52, name: 'kolada links', sql: m052 },
  { id: 53, name: 'internal control follow-up', sql: m053 },
  { id: 54, name: 'import tables', sql: m054 },
  { id: 55, name: 'import memo fields', sql: m055 },
  { id: 56, name: 'search ranking', sql: m056 },
  { id: 57, name: 'shared jobs and files', sql: m057 },
  { id: 58, name: 'archive pdfa', sql: m058 },
];
