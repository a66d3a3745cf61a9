import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The child runs a server, a client and a run, closes both, and must then exit on its own:
// a leaked timer, socket or interval would keep it alive until the bound below kills it.
it('leaves no open handles after close(): the process exits by itself', async () => {
  const script = fileURLToPath(new URL('./fixtures/close-and-exit.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@unified-ws/source', '--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  clearTimeout(killer);
  expect({ code, signal, output: output.trim().split('\n').at(-1) }).toEqual({
    code: 0,
    signal: null,
    output: 'closed: 4 events received, runs cancelled 1',
  });
}, 30_000);
