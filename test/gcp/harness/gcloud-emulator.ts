import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { accepts, freePort } from '../../support/ports';

/**
 * Google's own emulators, started through the Google Cloud CLI (`gcloud`, which runs them on
 * Java): the Firestore emulator and the Pub/Sub emulator, each on a free loopback port.
 *
 * Start times measured on the development container (gcloud 528, OpenJDK 17, spawn until the
 * port accepts, three runs each): Firestore 2.3-2.5 s, Pub/Sub 1.7-1.8 s; the first, cold run
 * of each took 5.1 s and 3.2 s. stop() takes 0.1-0.4 s. `startMs` holds each run's own figure.
 */
export interface GcloudEmulator {
  /** `127.0.0.1:<port>`, the value of FIRESTORE_EMULATOR_HOST / PUBSUB_EMULATOR_HOST. */
  readonly host: string;
  readonly port: number;
  /** PID of the `gcloud` launcher this harness spawned. */
  readonly pid: number;
  /** Milliseconds from spawn until the port accepted connections. */
  readonly startMs: number;
  /** The launcher and every process under it (the emulator's Java process among them). */
  processes(): number[];
  /** Stops the launcher and its descendants by PID (never by name) and waits until all are gone. */
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install, or the apt packages ' +
  'google-cloud-cli, google-cloud-cli-firestore-emulator and google-cloud-cli-pubsub-emulator) ' +
  'and Java 17 or later, then run the tests again';

/** The `gcloud` executable on PATH, or an Error saying how to install it. */
function gcloud(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'gcloud');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(`gcloud was not found on PATH; the GCP tests need Google's emulators: ${INSTALL_HINT}`);
}

/** The PIDs of the children of `pid` (every thread's list), from procfs. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
      for (const child of text.split(/\s+/)) if (child) children.push(Number(child));
    }
  } catch {
    // the process is gone
  }
  return children;
}

/** `pid` and all its descendants. */
function descendants(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) for (const child of childrenOf(all[i])) all.push(child);
  return all;
}

/** True while `pid` runs (a zombie, waiting to be reaped by its parent, counts as gone). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Starts `gcloud <args> --host-port=127.0.0.1:<free port>` and waits until the port accepts. */
async function startEmulator(what: string, args: string[], cleanup?: () => void): Promise<GcloudEmulator> {
  const executable = gcloud();
  const port = await freePort();
  const started = Date.now();
  const child: ChildProcess = spawn(executable, [...args, `--host-port=127.0.0.1:${port}`], {
    // Its own process group, so the whole tree can be signalled through the group of the process we started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
      CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: '1',
    },
  });
  let output = '';
  // Keep draining both pipes (a full pipe would block the emulator), holding the last 20 kB.
  const keep = (d: Buffer) => (output = (output + String(d)).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const launcherExited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) {
    await new Promise((r) => setImmediate(r));
    cleanup?.();
    throw new Error(
      `${what}: could not run ${executable}: ${spawnError?.message ?? 'no PID'}; ${INSTALL_HINT}`,
    );
  }

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      const pids = descendants(pid);
      signal(-pid, 'SIGTERM'); // the group of the launcher we started
      for (const p of pids) signal(p, 'SIGTERM'); // and each process found under it, in case one left the group
      const deadline = Date.now() + 10_000;
      while (pids.some(running)) {
        if (Date.now() > deadline) for (const p of pids.filter(running)) signal(p, 'SIGKILL');
        await new Promise((r) => setTimeout(r, 50));
      }
      await launcherExited;
      cleanup?.();
    })());

  const deadline = started + 60_000;
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `${what} exited before accepting connections (${spawnError?.message ?? `exit ${child.exitCode ?? child.signalCode}`}):\n${output}`,
      );
    }
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${what} did not accept connections on port ${port} in 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host: `127.0.0.1:${port}`,
    port,
    pid,
    startMs: Date.now() - started,
    processes: () => descendants(pid).filter(running),
    stop,
  };
}

/** The Firestore emulator (native mode, in memory; any database id works, e.g. `shop-dev`). */
export function startFirestoreEmulator(): Promise<GcloudEmulator> {
  return startEmulator('the Firestore emulator', ['emulators', 'firestore', 'start']);
}

/** The Pub/Sub emulator for project `demo`, its data directory a fresh temporary one. */
export function startPubSubEmulator(): Promise<GcloudEmulator> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pubsub-emulator-'));
  return startEmulator(
    'the Pub/Sub emulator',
    ['beta', 'emulators', 'pubsub', 'start', '--project=demo', `--data-dir=${dataDir}`],
    () => rmSync(dataDir, { recursive: true, force: true }),
  );
}
