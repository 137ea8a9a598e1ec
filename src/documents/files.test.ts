import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FileStore, filesRoot } from './files.ts';

const store = () => new FileStore(mkdtempSync(path.join(tmpdir(), 'filer-')));

describe('files stored by content hash', () => {
  it('stores bytes once under their SHA-256', async () => {
    const s = store();
    const a = await s.putBytes(new TextEncoder().encode('samma innehåll'));
    const b = await s.putBytes(new TextEncoder().encode('samma innehåll'));
    expect(a).toEqual(b);
    expect(a.sha256).toBe(createHash('sha256').update('samma innehåll').digest('hex'));
    expect(s.pathOf(a.sha256)).toBe(path.join(s.root, a.sha256.slice(0, 2), a.sha256.slice(2)));
    expect(readFileSync(s.pathOf(a.sha256), 'utf8')).toBe('samma innehåll');
    expect(readdirSync(path.join(s.root, 'tmp'))).toEqual([]);
  });

  it('receives a stream up to a limit, reading the rest without keeping it', async () => {
    const s = store();
    const chunks = () => Readable.from([Buffer.alloc(600, 1), Buffer.alloc(600, 2)]);
    const small = await s.receive(chunks(), 2000);
    expect(small).toMatchObject({ size: 1200, truncated: false });
    const big = await s.receive(chunks(), 1000);
    expect(big).toMatchObject({ size: 600, truncated: true });
    await s.discard(big.tmpPath);
    await s.adopt(small.tmpPath, small.sha256);
    expect(await s.has(small.sha256)).toBe(true);
    expect(readdirSync(path.join(s.root, 'tmp'))).toEqual([]);
  });

  it('sweeps the temporary files a killed process left, and nothing else', async () => {
    const s = store();
    expect(await s.sweepTemporary()).toBe(0);
    const kept = await s.putBytes(new TextEncoder().encode('lagrad fil'));
    const half = await s.receive(Readable.from([Buffer.alloc(100, 7)]), 1000);
    writeFileSync(path.join(s.root, 'tmp', 'annat.txt'), 'inte vår');
    expect(await s.sweepTemporary()).toBe(1);
    expect(readdirSync(path.join(s.root, 'tmp'))).toEqual(['annat.txt']);
    expect(existsSync(half.tmpPath)).toBe(false);
    expect(await s.has(kept.sha256)).toBe(true);
  });

  it('keeps files under FILES_DIR, or files/ in DATA_DIR', () => {
    expect(filesRoot({ FILES_DIR: '/srv/filer' })).toBe('/srv/filer');
    expect(filesRoot({ DATA_DIR: '/srv/data' })).toBe('/srv/data/files');
    expect(filesRoot({ DATA_DIR: 'memory://' })).toBe(path.resolve('data/files'));
    expect(() => new FileStore('/x').pathOf('../../etc/passwd')).toThrow();
  });
});
