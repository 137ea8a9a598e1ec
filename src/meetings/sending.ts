/** The kallelse e-mail's text (pure). Secret items never show their title: only the OSL reference. */
export interface KallelseMailInput {
  bodyName: string;
  date: string;
  startTime: string | null;
  place: string | null;
  items: { number: number; title: string; secrecyRef: string | null }[];
  bookUrl: string;
  version: number;
}

export function kallelseSubject(m: KallelseMailInput): string {
  return `Kallelse: ${m.bodyName} ${m.date}`;
}

export function kallelseText(m: KallelseMailInput): string {
  const lines = [
    `Kallelse till sammanträde med ${m.bodyName}`,
    '',
    `Datum: ${m.date}`,
    `Tid: ${m.startTime ?? 'meddelas senare'}`,
    `Plats: ${m.place ?? 'meddelas senare'}`,
    '',
    'Föredragningslista:',
    ...m.items.map((i) => `${i.number}. ${i.secrecyRef ? `Sekretess enligt OSL ${i.secrecyRef}` : i.title}`),
    '',
    `Kallelsen med handlingar (version ${m.version}): ${m.bookUrl}`,
  ];
  return lines.join('\n');
}
