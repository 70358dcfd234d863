// The meter side of the runtime's tests: a real TCP server on loopback that the controller's meter
// source connects to (as to a network P1 dongle), and DSMR 5 telegrams made by the real writer.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { writeTelegram } from '../../meters/dsmr/index.js';

export interface MeterServer {
  port: number;
  /** Resolves once a client (the controller) is connected. */
  connected(): Promise<void>;
  /** Writes one telegram to every connected client; resolves with performance.now() after the write call. */
  send(bytes: Buffer): number;
  close(): Promise<void>;
}

export async function startMeterServer(): Promise<MeterServer> {
  const sockets = new Set<net.Socket>();
  let wake: (() => void) | null = null;
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    wake?.();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connected: () =>
      sockets.size > 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            wake = () => {
              wake = null;
              resolve();
            };
          }),
    send(bytes) {
      for (const socket of sockets) socket.write(bytes);
      return performance.now();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A DSMR 5 telegram (Iskra AM550 layout) with these import currents per phase at 230 V. */
export function telegram(atMs: number, currentA: readonly number[]): Buffer {
  return writeTelegram({
    time: new Date(atMs),
    energyImportKWh: { t1: 1234.5, t2: 2345.6 },
    energyExportKWh: { t1: 0, t2: 0 },
    phases: currentA.map((a) => ({
      powerImportW: Math.max(0, a) * 230,
      powerExportW: Math.max(0, -a) * 230,
      voltageV: 230,
    })),
  });
}
