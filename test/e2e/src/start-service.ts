import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface StartedService {
  baseUrl: string;
  port: number;
  /** The last lines the service wrote to stderr, for diagnosing a failure. */
  stderr(): string;
  stop(): Promise<void>;
}

const STDERR_LINES_KEPT = 200;

/**
 * Starts a chat service from its folder the way the service itself documents:
 * `node --conditions=@unified-ws/source --import tsx src/main.ts` with `PORT=0`, and waits for
 * its one JSON line `{"port": n}`. Works for the fixture and for migrated copies of it.
 */
export async function startService(
  dir: string,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<StartedService> {
  const child = spawn(process.execPath, ['--conditions=@unified-ws/source', '--import', 'tsx', 'src/main.ts'], {
    cwd: dir,
    env: { ...process.env, LOG_LEVEL: 'silent', ...options.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    if (stderr.length > STDERR_LINES_KEPT) stderr.shift();
  });
  const exited = once(child, 'exit');

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const port = await new Promise<number>((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`service in ${dir} did not start: ${why}\n${stderr.join('\n')}`));
    const timer = setTimeout(() => fail(`no {"port"} line within ${options.timeoutMs ?? 30_000} ms`), options.timeoutMs ?? 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { port?: unknown };
        if (typeof parsed.port === 'number') {
          clearTimeout(timer);
          resolve(parsed.port);
        }
      } catch {
        // not the port line
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(`exited with ${signal ?? code}`);
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  return { baseUrl: `http://127.0.0.1:${port}`, port, stderr: () => stderr.join('\n'), stop };
}
