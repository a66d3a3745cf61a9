import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs `test/fixtures/<fixture>` in a child process with the source condition, tsx and any
 * further `nodeFlags`, and reports how it exited and the last line it printed. A child that does not exit on its own
 * within 20 s is killed (`signal: 'SIGKILL'`).
 */
export async function runFixture(
  fixture: string,
  nodeFlags: readonly string[] = [],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string | undefined }> {
  const script = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
  const child = spawn(process.execPath, [...nodeFlags, '--conditions=@unified-ws/source', '--import', 'tsx', script], {
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
  return { code, signal, output: output.trim().split('\n').at(-1) };
}
