import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { accepts, freePort } from '../../support/ports';

/** A running Azurite (blob, queue, table) and its endpoints for the development account. */
export interface Azurite {
  readonly blobEndpoint: string;
  readonly queueEndpoint: string;
  readonly tableEndpoint: string;
  /** Stops the process by its PID and waits for it to exit. */
  stop(): Promise<void>;
}

const AZURITE = join(__dirname, '..', '..', '..', 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');

/**
 * Starts Azurite from npm (the storage emulator Microsoft publishes) in memory on free loopback
 * ports: `--skipApiVersionCheck` (the SDKs are newer than the emulator) and `--disableTelemetry`.
 */
export async function startAzurite(): Promise<Azurite> {
  const [blob, queue, table] = [await freePort(), await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      AZURITE,
      '--silent',
      '--disableTelemetry',
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(blob),
      '--queueHost',
      '127.0.0.1',
      '--queuePort',
      String(queue),
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      String(table),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Azurite exited: ${stderr}`);
    if ((await accepts(blob)) && (await accepts(queue)) && (await accepts(table))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Azurite did not start in 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const endpoint = (port: number) => `http://127.0.0.1:${port}/devstoreaccount1`;
  return {
    blobEndpoint: endpoint(blob),
    queueEndpoint: endpoint(queue),
    tableEndpoint: endpoint(table),
    stop,
  };
}
