/**
 * The kallelse book against qpdf: builds a book of generated attachments
 * (12 items × 25 pages, with the summons, the föredragningslista and the
 * dividers about 320 pages) and times it against `qpdf --empty --pages …`
 * merging the same attachment files in the same run. Also measures memory
 * (peak RSS and heap while building) for this book and one four times as
 * large, to show that memory follows the largest attachment, not the book.
 * Writes bench/results/kallelse.json; the last line printed is the ratio.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileStore } from '../src/documents/files.ts';
import { renderBook } from '../src/documents/book.ts';
import { snapshotHash, type BookSnapshot } from '../src/documents/model.ts';
import { benchBook } from './fixtures.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const tmp = path.join(here, 'results', 'tmp');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function build(snapshot: BookSnapshot, store: FileStore, out: string, sample?: () => void): Promise<{ ms: number; pages: number; bytes: number }> {
  const stream = createWriteStream(out);
  const t0 = performance.now();
  const { pageCount } = await renderBook(snapshot, {
    read: (sha) => store.read(sha),
    sink: { write: (chunk) => new Promise<void>((resolve, reject) => (stream.write(chunk, (e) => (e ? reject(e) : resolve())))) },
    id: snapshotHash(snapshot),
    createdAt: new Date('2020-08-10T08:00:00Z'),
    onProgress: () => sample?.(),
  });
  await new Promise<void>((resolve) => stream.end(resolve));
  const ms = performance.now() - t0;
  return { ms, pages: pageCount, bytes: (await stat(out)).size };
}

function qpdf(files: string[], out: string): number {
  const t0 = performance.now();
  const r = spawnSync('qpdf', ['--empty', '--pages', ...files, '--', out], { stdio: 'pipe' });
  if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf misslyckades: ${r.stderr}`);
  return performance.now() - t0;
}

/**
 * Memory while building: the peak RSS (sampled every 2 ms), and the heap still
 * held after a collection at each step (after each attachment is written):
 * what the build keeps, as opposed to garbage not yet collected.
 */
async function memoryOf(snapshot: BookSnapshot, store: FileStore, out: string) {
  gc();
  const base = process.memoryUsage();
  const held = (m: NodeJS.MemoryUsage) => m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers;
  let rss = base.rss;
  const timer = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 2);
  const r = await build(snapshot, store, out);
  clearInterval(timer);
  rss = Math.max(rss, process.memoryUsage().rss);
  let retained = 0;
  await build(snapshot, store, out, () => {
    gc();
    retained = Math.max(retained, held(process.memoryUsage()));
  });
  return { pages: r.pages, peakRssMb: mb(rss), retainedHeapMb: mb(retained) };
}

export async function run(): Promise<number> {
  await rm(tmp, { recursive: true, force: true });
  await mkdir(path.join(tmp, 'att'), { recursive: true });
  const store = new FileStore(path.join(tmp, 'files'));
  const small = await benchBook(store, path.join(tmp, 'att'), 12, 25);
  const out = path.join(tmp, 'book.pdf');
  const qout = path.join(tmp, 'qpdf.pdf');

  // Warm up both (JIT, disk cache), then alternate runs so both see the same machine.
  await build(small.snapshot, store, out);
  qpdf(small.files, qout);
  const ours: number[] = [];
  const theirs: number[] = [];
  let pages = 0;
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await build(small.snapshot, store, out);
    ours.push(r.ms);
    pages = r.pages;
    bytes = r.bytes;
    theirs.push(qpdf(small.files, qout));
  }
  const bookMs = median(ours);
  const qpdfMs = median(theirs);
  const ratio = bookMs / qpdfMs;
  const check = spawnSync('qpdf', ['--check', out], { encoding: 'utf8' });

  const mem300 = await memoryOf(small.snapshot, store, out);
  const large = await benchBook(store, path.join(tmp, 'att'), 48, 25);
  const mem1200 = await memoryOf(large.snapshot, store, path.join(tmp, 'book-large.pdf'));

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    items: 12,
    pagesPerAttachment: 25,
    bookPages: pages,
    bookBytes: bytes,
    attachmentPages: 12 * 25,
    runs: RUNS,
    bookMs: Math.round(bookMs * 10) / 10,
    qpdfMs: Math.round(qpdfMs * 10) / 10,
    ratio: Math.round(ratio * 100) / 100,
    qpdfCheck: check.status === 0 ? 'ok' : `${check.stdout}${check.stderr}`.trim().split('\n').slice(-3).join(' | '),
    memory: { book300: mem300, book1200: mem1200, gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function' },
  };
  await writeFile(path.join(here, 'results', 'kallelse.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`kallelse: ${pages} sidor (${mb(bytes)} MB) på ${result.bookMs} ms; qpdf samma ${12 * 25} bilagesidor på ${result.qpdfMs} ms (median av ${RUNS})`);
  console.log(`qpdf --check av boken: ${result.qpdfCheck}`);
  console.log(`minne ${mem300.pages} sidor: topp RSS ${mem300.peakRssMb} MB, kvarhållen heap under bygget högst ${mem300.retainedHeapMb} MB`);
  console.log(`minne ${mem1200.pages} sidor: topp RSS ${mem1200.peakRssMb} MB, kvarhållen heap under bygget högst ${mem1200.retainedHeapMb} MB`);
  console.log(`ratio ${result.ratio}`);
  return ratio;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
