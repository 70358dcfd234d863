// A pseudo-terminal pair made by socat, so serial tests run against a real tty and the real
// `serialport` package instead of a mock. What a pty can verify: opening, termios settings being
// accepted (baud rate, 7 data bits, even parity), reading, closing, reopening, the device
// disappearing. What it cannot: a pty ignores baud rate and parity, so no framing or parity error
// ever happens and a wrong baud rate does not garble anything; bytes pass through unchanged.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { TestContext } from 'node:test';

export interface PtyPair {
  /** The end the code under test opens. */
  device: string;
  /** The end the test writes to, playing the meter. */
  peer: string;
  close(): Promise<void>;
}

export function socatAvailable(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/**
 * Whether the serial tests can run. Without socat they must not pass silently: on CI (CI=true,
 * where .ci/run installs it) the test fails; on a developer machine it is skipped, loudly.
 */
export function requireSocat(t: TestContext): boolean {
  if (socatAvailable()) return true;
  const why =
    'socat is not installed (Debian: apt-get install socat); the serial tests over a pty pair did NOT run';
  if (process.env['CI'] === 'true') throw new Error(`${why}, and CI must run them`);
  console.warn(`\n*** SKIPPED: ${why} ***\n`);
  t.skip(why);
  return false;
}

/**
 * Starts `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and reads the two device paths from its log.
 * `link` makes the device end a stable symlink, so a test can kill socat (the "cable unplugged")
 * and start a new pair at the same path.
 */
export async function createPtyPair(options: { link?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  const deviceAddress = `pty,raw,echo=0${options.link ? `,link=${options.link}` : ''}`;
  const child = spawn('socat', ['-d', '-d', deviceAddress, 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const paths = await new Promise<string[]>((resolve, reject) => {
    let log = '';
    let settled = false;
    const timer = setTimeout(
      () => fail(new Error(`socat did not start in time; its log:\n${log}`)),
      options.timeoutMs ?? 3_000,
    );
    function fail(error: Error): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      reject(error);
    }
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`socat exited with ${code}; its log:\n${log}`)));
    child.stderr!.on('data', (data: Buffer) => {
      log += data.toString();
      const found = [...log.matchAll(/PTY is (\S+)/g)].map((m) => m[1]!);
      if (!settled && found.length >= 2 && log.includes('starting data transfer loop')) {
        settled = true;
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  return {
    device: options.link ?? paths[0]!,
    peer: paths[1]!,
    close: () => stopSocat(child),
  };
}

function stopSocat(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
