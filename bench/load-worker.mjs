// The API benchmark's load generator, run as a child process (plain JavaScript, and not a worker thread:
// autocannon behaves differently off the main thread): receives { base, paths, connections, amount },
// runs autocannon over `paths` in turn and sends the latency figures back.
import autocannon from 'autocannon';

process.once('message', async ({ base, paths, connections, amount }) => {
  let i = 0;
  const res = await autocannon({
    url: base,
    connections,
    amount,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  process.send({ p50: res.latency.p50, p97_5: res.latency.p97_5, p99: res.latency.p99, non2xx: res.non2xx, errors: res.errors }, () => process.exit(0));
});
