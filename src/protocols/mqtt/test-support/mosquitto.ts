// A real Mosquitto broker for tests: its own config in a temporary directory, a loopback listener
// on a free port (or a given one, to restart a broker where it was), no persistence, anonymous
// clients allowed. Shared by the MQTT bridge's tests and the notification MQTT sink's.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Mosquitto {
  /** "mqtt://127.0.0.1:PORT" */
  url: string;
  port: number;
  /** Ends the broker (SIGTERM, then SIGKILL) and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

export class MosquittoMissingError extends Error {
  constructor(searched: string[]) {
    super(
      `mosquitto not found (looked at ${searched.join(', ')}): install the Debian package ` +
        '"mosquitto" (apt-get install mosquitto)',
    );
    this.name = 'MosquittoMissingError';
  }
}

const DEBIAN_PATH = '/usr/sbin/mosquitto';
const READY_TIMEOUT_MS = 5000;

/** Brokers not stopped yet: killed (and their directories removed) when the test process exits. */
const running = new Map<ChildProcess, string>();
let exitHookInstalled = false;
function track(child: ChildProcess, dir: string): void {
  running.set(child, dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [broker, brokerDir] of running) {
      broker.kill('SIGKILL');
      rmSync(brokerDir, { recursive: true, force: true });
    }
  });
}

/** /usr/sbin/mosquitto (Debian), else `mosquitto` on PATH. */
export function findMosquitto(): string {
  const candidates = [
    DEBIAN_PATH,
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'mosquitto')),
  ];
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here; try the next
    }
  }
  throw new MosquittoMissingError([DEBIAN_PATH, 'mosquitto on PATH']);
}

/** A port the OS says is free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('freePort: no TCP address');
  return address.port;
}

/** Starts a broker; `port` reuses a known port (e.g. to restart a stopped broker in the same place). */
export async function startMosquitto(options: { port?: number } = {}): Promise<Mosquitto> {
  const binary = findMosquitto();
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'ampshare-mosquitto-'));
  const configPath = join(dir, 'mosquitto.conf');
  writeFileSync(
    configPath,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );
  const child = spawn(binary, ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child, dir);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanUp = (): void => {
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilListening(port, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanUp();
    throw error;
  }

  let stopped: Promise<void> | null = null;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    stop: () => (stopped ??= stop(child, exited).finally(cleanUp)),
  };
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(killer);
}

async function waitUntilListening(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`mosquitto exited before listening on port ${port}: ${stderr().trim() || 'no output'}`);
    }
    if (await accepts(port)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `mosquitto did not listen on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms: ${stderr()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
