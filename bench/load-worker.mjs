// The API benchmark's load generator, run as a child process (plain JavaScript, and not a worker thread:
// autocannon behaves differently off the main thread): receives { base, paths, connections, amount },
// runs autocannon over `paths` in turn, keeps every response's latency and sends back its exact
// percentiles (autocannon's own summary has p97.5 but no p95).
import autocannon from 'autocannon';

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

process.once('message', ({ base, paths, connections, amount }) => {
  let i = 0;
  const times = [];
  const instance = autocannon(
    {
      url: base,
      connections,
      amount,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
    },
    (err, res) => {
      if (err) throw err;
      times.sort((a, b) => a - b);
      const summary = { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), count: times.length, non2xx: res.non2xx, errors: res.errors };
      process.send(summary, () => process.exit(0));
    },
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
});
