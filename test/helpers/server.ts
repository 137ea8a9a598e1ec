/** A real server on a random port over a fresh embedded database with the demo papers imported. */
import type { AddressInfo } from 'node:net';
import { openDb, type Db } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { importDemoData } from '../../src/importer/demo.ts';

export interface TestServer {
  url: string;
  db: Db;
  close(): Promise<void>;
}

export async function startTestServer(options: { db?: Db } = {}): Promise<TestServer> {
  const db = options.db ?? (await openDb({ url: '', dataDir: 'memory://' }));
  await importDemoData(db);
  const app = await buildApp({ db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
