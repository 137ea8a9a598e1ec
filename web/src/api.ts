/**
 * Every call the UI makes to Styrbord's API. GET answers are kept in a small
 * in-memory cache so that going back to a page is instant (the page still
 * refreshes in the background).
 */
import type { Permission } from '../../src/access/contract.ts';
import type {
  ApiError,
  BodyDetail,
  BodySummary,
  CaseDetail,
  CaseSummary,
  MeetingDetail,
  MeetingSummary,
  MinutesView,
  NoticeView,
  Page,
  RegisterCaseRequest,
  SearchResult,
} from '../../src/http/contract.ts';

/** An error the UI can show: the server's Swedish message, or our own for network trouble. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  personId: number | null;
  active: boolean;
  /** Signed in with a one-time password: must choose a new one first. */
  mustChangePassword?: boolean;
  /** What the user may do, from the server's one table of grants (use `useCan`, never role lists). */
  permissions?: Permission[];
}

export interface SessionInfo {
  user: SessionUser | null;
  csrfToken: string | null;
  /** When the user last proved who they are (ISO), and how ('password' or 'oidc'). */
  authenticatedAt?: string | null;
  via?: string | null;
  oidc?: boolean;
}

let csrfToken: string | null = null;

/**
 * Asked when the server answers reauth-required (signing needs a recent sign-in): resolves true
 * once the user has confirmed their password, and the request is then sent again.
 */
let reauthHandler: ((message: string) => Promise<boolean>) | null = null;
export function setReauthHandler(handler: ((message: string) => Promise<boolean>) | null): void {
  reauthHandler = handler;
}

/** Told when the server no longer knows the session (idle too long, ended by an administrator). */
let sessionLostHandler: (() => void) | null = null;
export function setSessionLostHandler(handler: (() => void) | null): void {
  sessionLostHandler = handler;
}

const cache = new Map<string, unknown>();

export function cached<T>(path: string): T | undefined {
  return cache.get(path) as T | undefined;
}

/** Forgets cached answers whose path starts with one of the prefixes. */
export function invalidate(...prefixes: string[]): void {
  for (const key of [...cache.keys()]) {
    if (prefixes.some((p) => key.startsWith(p))) cache.delete(key);
  }
}

function isApiError(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    'error' in body &&
    typeof (body as ApiError).error === 'object' &&
    typeof (body as ApiError).error?.message === 'string'
  );
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, retried = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiFailure('Det gick inte att nå servern. Kontrollera anslutningen och försök igen.', 0, 'network');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    if (isApiError(data) && data.error.code === 'reauth-required' && reauthHandler && !retried) {
      if (await reauthHandler(data.error.message)) return request<T>(method, path, body, signal, true);
    }
    if (res.status === 401 && csrfToken && isApiError(data) && data.error.code === 'login-required') {
      csrfToken = null;
      cache.clear();
      sessionLostHandler?.();
    }
    if (isApiError(data)) throw new ApiFailure(data.error.message, res.status, data.error.code);
    throw new ApiFailure(
      res.status === 404 ? 'Sidan finns inte.' : `Servern svarade med ett fel (${res.status}). Försök igen om en stund.`,
      res.status,
      'http',
    );
  }
  return data as T;
}

/** A write (POST/PUT/DELETE) with the CSRF token; forgets cached answers under the given prefixes. */
export async function send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, ...forget: string[]): Promise<T> {
  const data = await request<T>(method, path, body);
  invalidate(...forget);
  return data;
}

/** GET with caching. */
export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  const data = await request<T>('GET', path, undefined, signal);
  cache.set(path, data);
  return data;
}

function query(params: Record<string, string | number | undefined | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `?${s}` : '';
}

export const paths = {
  bodies: () => '/api/bodies',
  body: (id: number | string) => `/api/bodies/${encodeURIComponent(String(id))}`,
  meetings: (p: { bodyId?: number; from?: string; to?: string } = {}) => `/api/meetings${query(p)}`,
  meeting: (id: number | string) => `/api/meetings/${encodeURIComponent(String(id))}`,
  cases: (p: { q?: string; limit?: number; offset?: number } = {}) => `/api/cases${query(p)}`,
  case: (caseNumber: string) => `/api/cases/${encodeURIComponent(caseNumber)}`,
  search: (q: string) => `/api/search${query({ q })}`,
  minutes: (meetingId: number | string) => `/api/meetings/${encodeURIComponent(String(meetingId))}/minutes`,
  minutesPdf: (meetingId: number | string) => `/api/meetings/${encodeURIComponent(String(meetingId))}/minutes.pdf`,
  extractPdf: (meetingId: number | string, paragraph: number) =>
    `/api/meetings/${encodeURIComponent(String(meetingId))}/minutes/paragraphs/${paragraph}/extract.pdf`,
  noticeBoard: () => '/api/notice-board',
  delegationOrder: (bodyId: number | string) => `/api/bodies/${encodeURIComponent(String(bodyId))}/delegation-order`,
  delegatedDecisions: (bodyId: number | string, p: { unreported?: boolean } = {}) =>
    `/api/bodies/${encodeURIComponent(String(bodyId))}/delegated-decisions${query({ unreported: p.unreported ? 'true' : undefined })}`,
};

/** A point of the delegation order (GET /api/bodies/:id/delegation-order) and a delegated decision in the register: the server's own types. */
export type { PointView as DelegationPointView, DelegatedDecisionView } from '../../src/delegation/service.ts';

export const api = {
  bodies: (signal?: AbortSignal) => get<BodySummary[]>(paths.bodies(), signal),
  body: (id: number | string, signal?: AbortSignal) => get<BodyDetail>(paths.body(id), signal),
  meetings: (p?: { bodyId?: number; from?: string; to?: string }, signal?: AbortSignal) =>
    get<MeetingSummary[]>(paths.meetings(p), signal),
  meeting: (id: number | string, signal?: AbortSignal) => get<MeetingDetail>(paths.meeting(id), signal),
  cases: (p?: { q?: string; limit?: number; offset?: number }, signal?: AbortSignal) =>
    get<Page<CaseSummary>>(paths.cases(p), signal),
  case: (caseNumber: string, signal?: AbortSignal) => get<CaseDetail>(paths.case(caseNumber), signal),
  search: (q: string, signal?: AbortSignal) => get<SearchResult>(paths.search(q), signal),
  minutes: (meetingId: number | string, signal?: AbortSignal) => get<MinutesView>(paths.minutes(meetingId), signal),
  noticeBoard: (signal?: AbortSignal) => get<NoticeView[]>(paths.noticeBoard(), signal),

  /**
   * The SHA-256 of the minutes PDF as the server renders it now (the x-content-sha256 header),
   * so an adjuster signs exactly the document that is there; computed here if the header is missing.
   */
  async minutesPdfSha256(meetingId: number | string): Promise<string> {
    let res: Response;
    try {
      res = await fetch(paths.minutesPdf(meetingId), { credentials: 'same-origin' });
    } catch {
      throw new ApiFailure('Det gick inte att nå servern. Kontrollera anslutningen och försök igen.', 0, 'network');
    }
    if (!res.ok) {
      const body: unknown = await res.json().catch(() => null);
      if (isApiError(body)) throw new ApiFailure(body.error.message, res.status, body.error.code);
      throw new ApiFailure(`Protokollet kunde inte hämtas som PDF (${res.status}).`, res.status, 'http');
    }
    const header = res.headers.get('x-content-sha256');
    if (header && /^[0-9a-f]{64}$/.test(header)) return header;
    if (!globalThis.crypto?.subtle) throw new ApiFailure('Kontrollsumman för protokollet kunde inte beräknas i den här webbläsaren.', 0, 'no-crypto');
    const digest = await crypto.subtle.digest('SHA-256', await res.arrayBuffer());
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  },

  async registerCase(input: RegisterCaseRequest): Promise<CaseDetail> {
    const created = await request<CaseDetail>('POST', '/api/cases', input);
    invalidate('/api/cases', '/api/search');
    return created;
  },

  async session(): Promise<SessionInfo> {
    const s = await request<SessionInfo>('GET', '/api/session');
    csrfToken = s.csrfToken;
    return s;
  },

  async login(username: string, password: string): Promise<SessionInfo> {
    const s = await request<SessionInfo>('POST', '/api/session', { username, password });
    csrfToken = s.csrfToken;
    cache.clear();
    return s;
  },

  async logout(): Promise<void> {
    await request<SessionInfo>('DELETE', '/api/session');
    csrfToken = null;
    cache.clear();
  },
};

/** The state report (återrapportering): tables, downloads and the narrative per year. */
export const stateReportPaths = {
  tables: (year: number) => `/api/state-report/${year}`,
  csv: (year: number) => `/api/state-report/${year}.csv`,
  xlsx: (year: number) => `/api/state-report/${year}.xlsx`,
  narrative: (year: number) => `/api/state-report/${year}/narrative`,
};

/** GET /api/state-report/:year/narrative */
export interface StateReportNarrative {
  year: number;
  version: number;
  sections: Record<string, string>;
  analyses: Array<{ kind: string; name: string; financed: string; purpose: string; use: string }>;
  copiedFrom: number | null;
  updatedBy: string | null;
  updatedAt: string | null;
  headings: Array<{ key: string; title: string; group: boolean }>;
}

/** Co-financing (medfinansiering): applications, the generated proposal, the delegated decision letter. */
export const cofinancingPaths = {
  list: () => '/api/cofinancing',
  application: (id: number | string) => `/api/cofinancing/${encodeURIComponent(String(id))}`,
  proposal: (id: number | string) => `/api/cofinancing/${encodeURIComponent(String(id))}/proposal`,
  letter: (id: number | string) => `/api/cofinancing/${encodeURIComponent(String(id))}/letter.pdf`,
};

/**
 * A write whose answer is a file (the e-archive package, issue 21.5): sent with the CSRF token like
 * `send`, and saved in the browser under the name the server gives; a refusal is an ApiFailure with
 * the server's Swedish message. Returns the file name and the reply's headers.
 */
export async function sendForFile(path: string, body: unknown, ...forget: string[]): Promise<{ fileName: string; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { accept: 'application/octet-stream, application/json', 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiFailure('Det gick inte att nå servern. Kontrollera anslutningen och försök igen.', 0, 'network');
  }
  if (!res.ok) {
    const data: unknown = await res.json().catch(() => null);
    if (isApiError(data)) throw new ApiFailure(data.error.message, res.status, data.error.code);
    throw new ApiFailure(`Servern svarade med ett fel (${res.status}). Försök igen om en stund.`, res.status, 'http');
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const fileName = star ? decodeURIComponent(star) : (/filename="([^"]+)"/i.exec(disposition)?.[1] ?? 'fil');
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  invalidate(...forget);
  return { fileName, headers: res.headers };
}
