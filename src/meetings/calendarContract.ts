/**
 * The meeting calendar's API (issue 14.1): a body's sammanträdesplan per year,
 * meetings created one at a time or from a list of dates, moved, cancelled
 * and deleted. Defined once with TypeBox; calendarRoutes.ts serves it and the
 * web (CalendarPage) calls it through web/src/client.ts. The iCalendar feed
 * (GET /api/bodies/:id/calendar.ics) is text, not JSON, and is registered
 * directly in calendarRoutes.ts.
 */
import { Type, type Static } from 'typebox';
import { Id, IsoDate, Nullable, OptionalText, route, Version } from '../kernel/contract.ts';

const TAGS = ['Sammanträdesplan'] as const;

const Time = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'TT:MM, till exempel 09:00' });
const OptionalTime = Type.Optional(Nullable(Time));
const GroupMeetings = Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20, description: 'Gruppmöten, en rad var ("Gruppmöten kl. 08.30")' }));
const Confirm = Type.Optional(Type.Boolean({ description: 'true: spara trots varningen (lördag, söndag, helgdag, fel veckodag)' }));

export const CalendarMeeting = Type.Object({
  id: Type.Integer(),
  bodyId: Type.Integer(),
  date: Type.String(),
  /** "onsdag" */
  weekday: Type.String(),
  startTime: Nullable(Type.String()),
  endTime: Nullable(Type.String()),
  place: Nullable(Type.String()),
  groupMeetings: Type.Array(Type.String()),
  absenceNotice: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  itemCount: Type.Integer(),
  /** Why the meeting cannot be deleted (Swedish: "3 punkter på föredragningslistan", "ett protokoll"); empty when it can. */
  dependants: Type.Array(Type.String()),
  /** Whether the minutes are opened: the meeting is held, its date no longer moves. */
  held: Type.Boolean(),
  /** The date's warning ("2027-06-06 är en söndag och Sveriges nationaldag."), or null. */
  warning: Nullable(Type.String()),
  version: Type.Integer(),
});
export type CalendarMeeting = Static<typeof CalendarMeeting>;

/** The reglemente's rule for the kallelse: sent at the latest this many days before the meeting. */
export const KallelseRule = Type.Object({
  bodyId: Type.Integer(),
  daysBefore: Type.Integer(),
  /** The body's version, for optimistic locking of the rule. */
  version: Type.Integer(),
});
export type KallelseRule = Static<typeof KallelseRule>;

export const CalendarView = Type.Object({
  bodyId: Type.Integer(),
  bodyName: Type.String(),
  year: Type.Integer(),
  kallelseRule: KallelseRule,
  meetings: Type.Array(CalendarMeeting),
});
export type CalendarView = Static<typeof CalendarView>;

const MeetingFields = {
  date: IsoDate,
  startTime: OptionalTime,
  endTime: OptionalTime,
  place: OptionalText(300),
  groupMeetings: GroupMeetings,
  absenceNotice: OptionalText(500),
};

export const NewCalendarMeeting = Type.Object({ ...MeetingFields, confirm: Confirm }, { additionalProperties: false });
export type NewCalendarMeeting = Static<typeof NewCalendarMeeting>;

export const MoveMeeting = Type.Object({ ...MeetingFields, version: Version, confirm: Confirm }, { additionalProperties: false });
export type MoveMeeting = Static<typeof MoveMeeting>;

export const DateList = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 20000, description: 'Datumen, som nämnden beslutade dem: "2027-02-10, 2027-03-17" eller "onsdag 10 februari 2027" – ett eller flera per rad' }),
    year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200, description: 'Året för datum som skrivs utan år ("10 februari")' })),
    startTime: OptionalTime,
    endTime: OptionalTime,
    place: OptionalText(300),
    groupMeetings: GroupMeetings,
    absenceNotice: OptionalText(500),
    confirm: Confirm,
    preview: Type.Optional(Type.Boolean({ description: 'true: granska bara, spara ingenting' })),
  },
  { additionalProperties: false },
);
export type DateList = Static<typeof DateList>;

export const DateLine = Type.Object({
  /** The line of the text (1-based). */
  line: Type.Integer(),
  /** What was read, as written ("torsdag 10 februari 2027"). */
  text: Type.String(),
  date: Nullable(Type.String()),
  weekday: Nullable(Type.String()),
  startTime: Nullable(Type.String()),
  endTime: Nullable(Type.String()),
  /** ok: can be saved; warning: needs confirming; error: cannot be saved (nothing is, until it is fixed); created: saved. */
  status: Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('error'), Type.Literal('created')]),
  messages: Type.Array(Type.String()),
  meetingId: Nullable(Type.Integer()),
});
export type DateLine = Static<typeof DateLine>;

export const DateListResult = Type.Object({
  saved: Type.Boolean(),
  lines: Type.Array(DateLine),
});
export type DateListResult = Static<typeof DateListResult>;

export const CancelMeeting = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: 'Varför sammanträdet ställs in' }), version: Version },
  { additionalProperties: false },
);
export const DeleteMeeting = Type.Object({ version: Version }, { additionalProperties: false });
export const SetKallelseRule = Type.Object(
  { daysBefore: Type.Integer({ minimum: 1, maximum: 60, description: 'Dagar före sammanträdet, enligt reglementet (1–60)' }), version: Version },
  { additionalProperties: false },
);

export const calendarApi = {
  getCalendar: route({
    method: 'GET',
    url: '/api/bodies/:id/calendar/:year',
    summary: 'Sammanträdesplanen: nämndens sammanträden ett år, inställda med',
    tags: TAGS,
    params: Type.Object({ id: Id, year: Type.Integer({ minimum: 1900, maximum: 2200 }) }),
    response: CalendarView,
  }),
  createMeeting: route({
    method: 'POST',
    url: '/api/bodies/:id/calendar',
    summary: 'Lägg till ett sammanträde (en lördag, söndag eller helgdag kräver confirm: true)',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    body: NewCalendarMeeting,
    response: CalendarMeeting,
    status: 201,
    errors: [409],
  }),
  addDates: route({
    method: 'POST',
    url: '/api/bodies/:id/calendar/dates',
    summary: 'Lägg till sammanträden ur en lista med datum (nämndens beslut om nästa års sammanträdesdagar), rad för rad; preview granskar utan att spara',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    body: DateList,
    response: DateListResult,
    status: 201,
    errors: [409],
  }),
  moveMeeting: route({
    method: 'PUT',
    url: '/api/meetings/:id/schedule',
    summary: 'Flytta ett sammanträde eller ändra tid, plats, gruppmöten och kontakt för förhinder',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    body: MoveMeeting,
    response: CalendarMeeting,
    errors: [409],
  }),
  cancelMeeting: route({
    method: 'POST',
    url: '/api/meetings/:id/cancel',
    summary: 'Ställ in ett sammanträde (det står kvar i planen som inställt)',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    body: CancelMeeting,
    response: CalendarMeeting,
    errors: [409],
  }),
  setKallelseRule: route({
    method: 'PUT',
    url: '/api/bodies/:id/kallelse-rule',
    summary: 'Reglementets regel för kallelsen: senast hur många dagar före sammanträdet den ska vara utsänd',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    body: SetKallelseRule,
    response: KallelseRule,
    errors: [409],
  }),
  deleteMeeting: route({
    method: 'DELETE',
    url: '/api/meetings/:id',
    summary: 'Ta bort ett sammanträde som inget hänger på (inga punkter, inget protokoll, ingen kallelse)',
    tags: TAGS,
    params: Type.Object({ id: Id }),
    body: DeleteMeeting,
    response: Type.Object({ deleted: Type.Integer() }),
    errors: [409],
  }),
} as const;
