import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { watchChild } from '~/integrations/search-index';

describe('watchChild', () => {
  it('rejects with a reason when the watched child process is killed, instead of waiting forever', async () => {
    const child = spawn('sleep', ['30']);
    await new Promise((r) => child.once('spawn', r));
    const watch = watchChild('sleep');
    setTimeout(() => child.kill('SIGKILL'), 200);
    await expect(watch.dead).rejects.toThrow(/stopped before finishing.*out of memory/);
  });

  it('stays quiet while the child lives', async () => {
    const child = spawn('sleep', ['30']);
    await new Promise((r) => child.once('spawn', r));
    const watch = watchChild('sleep');
    const outcome = await Promise.race([watch.dead.then(() => 'settled', () => 'rejected'), new Promise((r) => setTimeout(() => r('pending'), 2500))]);
    watch.stop();
    child.kill();
    expect(outcome).toBe('pending');
  });
});
