import { describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/errors.ts';
import { JobRegistry } from './jobs.ts';

describe('build jobs', () => {
  it('reports progress, joins a running build for the same meeting, and keeps the result', async () => {
    const jobs = new JobRegistry<string>();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = jobs.start(1, async (report) => {
      report({ phase: 'merging', done: 10, total: 300 });
      await gate;
      return 'version 1';
    });
    await Promise.resolve();
    const second = jobs.start(1, async () => 'should not run');
    expect(second.joined).toBe(true);
    expect(second.view.jobId).toBe(first.view.jobId);
    expect(jobs.get(first.view.jobId)).toMatchObject({ state: 'running', phase: 'merging', done: 10, total: 300 });
    expect(jobs.runningFor(1)?.jobId).toBe(first.view.jobId);
    release();
    expect(await first.promise).toBe('version 1');
    expect(jobs.get(first.view.jobId)).toMatchObject({ state: 'done', phase: 'done', done: 300, total: 300, result: 'version 1', error: null });
    expect(jobs.runningFor(1)).toBeNull();
  });

  it('shows a Swedish error: the domain’s own, or a plain one for the unexpected (which is logged)', async () => {
    const jobs = new JobRegistry<string>();
    const logged: unknown[] = [];
    const a = jobs.start(1, async () => {
      throw new DomainError('file-missing', 'Filen saknas.');
    }, (e) => logged.push(e));
    await a.promise.catch(() => {});
    expect(jobs.get(a.view.jobId)).toMatchObject({ state: 'failed', error: { code: 'file-missing', message: 'Filen saknas.' } });
    const b = jobs.start(2, async () => {
      throw new Error('boom');
    }, (e) => logged.push(e));
    await b.promise.catch(() => {});
    expect(jobs.get(b.view.jobId)!.error).toEqual({ code: 'build-failed', message: expect.stringContaining('oväntat fel') });
    expect(logged).toHaveLength(1);
  });
});
