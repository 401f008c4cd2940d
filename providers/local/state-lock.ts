import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds a state folder: written into its `.lock` file. */
export interface StateHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the holder took the folder. */
  readonly since: string;
  /** The holder's command line, to name it in the refusal. */
  readonly command: string;
}

/** Another running process (or LocalApp) holds the state folder: two copies of one state lose writes. */
export class StateInUseError extends Error {
  constructor(
    readonly stateDir: string,
    readonly holder: StateHolder,
  ) {
    super(
      `the local state folder ${stateDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}): ` +
        'stop it, or give this one another state folder (stateDir, or --state on the CLI)',
    );
    this.name = 'StateInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): StateHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StateHolder;
  } catch {
    return undefined; // gone meanwhile, or torn by a crash while being written
  }
}

/** Held locks of this process, released on exit even when the app is never closed. */
const held = new Set<StateLock>();
let exitHook = false;

/**
 * Exclusive use of a local state folder by one LocalApp: a `.lock` file created atomically
 * (`O_EXCL`) naming the holder. A lock whose process is gone (killed with SIGKILL) is taken
 * over; a live one is refused with {@link StateInUseError}. Holding it, the new owner removes
 * the temporary files a killed writer left behind.
 */
export class StateLock {
  private released = false;

  private constructor(
    private readonly path: string,
    readonly holder: StateHolder,
  ) {}

  /** Takes `stateDir` for this process, or throws {@link StateInUseError} naming the holder. */
  static acquire(stateDir: string): StateLock {
    mkdirSync(stateDir, { recursive: true });
    const path = join(stateDir, '.lock');
    const holder: StateHolder = {
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      command: process.argv.slice(1).join(' ').slice(0, 200) || 'node',
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      let fd: number;
      try {
        fd = openSync(path, 'wx');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const current = readHolder(path);
        const stale = !current || (current.host === holder.host && !isAlive(current.pid));
        if (!stale) throw new StateInUseError(stateDir, current);
        rmSync(path, { force: true });
        continue;
      }
      try {
        writeSync(fd, JSON.stringify(holder));
      } finally {
        closeSync(fd);
      }
      const lock = new StateLock(path, holder);
      held.add(lock);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => held.forEach((l) => l.release()));
      }
      return lock;
    }
    throw new Error(`could not take the local state folder ${stateDir}: its lock keeps changing hands`);
  }

  /** Gives the folder back (only if the lock file is still this one's). */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    const current = readHolder(this.path);
    if (current && current.pid === this.holder.pid && current.since === this.holder.since) {
      try {
        unlinkSync(this.path);
      } catch {
        // already gone
      }
    }
  }
}

/**
 * Removes what a killed process leaves behind under `dir`: the temporary files of interrupted
 * atomic writes (`.<name>.<pid>.<n>.tmp`, see atomic-file.ts) and SQLite's lock folders
 * (`<table>.sqlite.lock`: node-sqlite3-wasm locks with a folder, which a SIGKILL never removes,
 * so the table would stay busy forever). SQLite's `-wal` logs stay: the next open replays their
 * committed writes. Call only while holding the folder's {@link StateLock}.
 * Returns how many were removed.
 */
export function removeOrphanTempFiles(dir: string): number {
  let removed = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name.endsWith('.sqlite.lock')) {
      rmSync(path, { recursive: true, force: true });
      removed++;
    } else if (entry.isDirectory()) {
      if (entry.name !== '.build') removed += removeOrphanTempFiles(path);
    } else if (/^\..+\.\d+\.\d+\.tmp$/.test(entry.name)) {
      rmSync(path, { force: true });
      removed++;
    }
  }
  return removed;
}
