// The meeting-day benchmark's load generator, run as a child process (the server's event loop is not shared):
// receives { base, meetingId, members: [cookie…], seconds, bookSize, etag, chunk } and runs one loop per member
// for `seconds`, each with its own keep-alive connection, as a member's browser does on the day:
//   the meeting page (GET /api/meetings/:id, 200), then the kallelse book – the whole file (200, every byte)
//   on the first round and every tenth, otherwise revalidated with If-None-Match (304, no body) – and four pages
//   of it through the PDF viewer's Range requests (206, exactly the chunk asked for).
// Sends back every route's p50/p95/p99/count and the failures: any other status, a wrong length or a network error.
import http from 'node:http';

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);

process.once('message', async ({ base, meetingId, members, seconds, bookSize, etag, chunk }) => {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: members.length });
  const times = { meeting: [], bookWhole: [], bookRevalidate: [], bookRange: [] };
  const failures = [];
  const fail = (what) => failures.length < 20 && failures.push(what);
  let errors = 0;

  const request = (path, headers) =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request({ host: url.hostname, port: url.port, path, headers, agent }, (res) => {
        let bytes = 0;
        res.on('data', (c) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode, bytes, ms: performance.now() - t0, headers: res.headers }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });

  const deadline = Date.now() + seconds * 1000;
  const book = `/api/meetings/${meetingId}/kallelse.pdf`;
  await Promise.all(
    members.map(async (cookie, m) => {
      for (let round = 0; Date.now() < deadline; round++) {
        const steps = [
          ['meeting', `/api/meetings/${meetingId}`, {}, (r) => r.status === 200 && r.bytes > 0],
          round % 10 === 0
            ? ['bookWhole', book, {}, (r) => r.status === 200 && r.bytes === bookSize && r.headers.etag === etag]
            : ['bookRevalidate', book, { 'if-none-match': etag }, (r) => r.status === 304 && r.bytes === 0],
        ];
        for (let k = 0; k < 4; k++) {
          const start = (((m * 7919 + round * 4 + k) * 104729) % Math.ceil(bookSize / chunk)) * chunk;
          const end = Math.min(start + chunk, bookSize) - 1;
          steps.push(['bookRange', book, { range: `bytes=${start}-${end}` }, (r) => r.status === 206 && r.bytes === end - start + 1 && r.headers['content-range'] === `bytes ${start}-${end}/${bookSize}`]);
        }
        for (const [route, path, headers, ok] of steps) {
          try {
            const r = await request(path, { cookie, ...headers });
            times[route].push(r.ms);
            if (!ok(r)) {
              errors++;
              fail(`${route} ${path} ${JSON.stringify(headers)}: ${r.status}, ${r.bytes} byte`);
            }
          } catch (e) {
            errors++;
            fail(`${route} ${path}: ${e.message}`);
          }
        }
      }
    }),
  );
  agent.destroy();
  const latency = Object.fromEntries(
    Object.entries(times).map(([k, xs]) => {
      xs.sort((a, b) => a - b);
      return [k, { p50: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99), count: xs.length }];
    }),
  );
  process.send({ latency, errors, failures }, () => process.exit(0));
});
