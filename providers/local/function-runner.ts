import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Function } from 'anycloud';
import { writeFileAtomic } from './atomic-file';
import { NEUTRAL_RUNTIME_ALIASES } from '../shared/neutral-runtime';
import { type NeutralHandler } from 'anycloud/runtime';
import { isNeutralHandler, type RuntimeHost } from 'anycloud/runtime/host';

interface InFlight {
  readonly deadline: number;
  readonly fn: Function;
  readonly reject: (error: Error) => void;
}

interface Loaded {
  handler: NeutralHandler;
  host: RuntimeHost;
  inputs: string[];
}

/**
 * Builds each function with esbuild (the user's entry, `anycloud/runtime` shared with the
 * local target) and runs its handler in this process. Each bundle carries its own copy of the
 * runtime, installed with that function's host, so concurrent invocations never see each
 * other's grants. With `watch`, editing a file rebuilds only the functions
 * built from it.
 */
export class FunctionRunner {
  private readonly loaded = new Map<Function, Loaded>();
  /** One watcher per folder holding a source file. */
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly watchedFiles = new Set<string>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<InFlight>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly buildDir: string,
    private readonly onReload?: (fn: Function, error?: Error) => void,
  ) {
    mkdirSync(buildDir, { recursive: true });
  }

  /** Builds and loads `fn` with its host (grants and clients); throws with esbuild's message when it does not build. */
  async load(fn: Function, host: RuntimeHost): Promise<void> {
    const result = await build({
      // The user's module, plus this bundle's own copy of the runtime's host installer.
      stdin: {
        contents: `export * from ${JSON.stringify(fn.entry)};\nexport { setRuntimeHost as __anycloudInstallHost } from 'anycloud/runtime/host';\n`,
        resolveDir: dirname(fn.entry),
        sourcefile: 'anycloud-local-entry.ts',
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      metafile: true,
      write: false,
      logLevel: 'silent',
      alias: { ...NEUTRAL_RUNTIME_ALIASES },
      outfile: 'out.js',
    });
    const code = result.outputFiles[0].text;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
    const file = join(this.buildDir, `${fn.node.path.replace(/[^A-Za-z0-9-]/g, '_')}-${hash}.js`);
    writeFileAtomic(file, code);

    const loadedModule = require(file) as Record<string, unknown> & {
      __anycloudInstallHost(host: RuntimeHost): void;
    };
    loadedModule.__anycloudInstallHost(host);
    const exported = loadedModule[fn.handler];
    if (!isNeutralHandler(exported)) {
      throw new Error(
        `${fn.node.path}: export "${fn.handler}" of ${fn.entry} is not made with http(), schedule(), objectEvent() or messages()`,
      );
    }
    this.loaded.set(fn, {
      handler: exported,
      host,
      inputs: Object.keys(result.metafile!.inputs)
        .map((i) => resolve(i))
        .filter((i) => existsSync(i)),
    });
  }

  /** The loaded handler of `fn`. */
  handlerOf(fn: Function): NeutralHandler {
    const loaded = this.loaded.get(fn);
    if (!loaded) throw new Error(`${fn.node.path} is not loaded`);
    return loaded.handler;
  }

  /** Runs `work` as an invocation of `fn`, failing after its timeout. */
  invoke<T>(fn: Function, work: (handler: NeutralHandler) => Promise<T>): Promise<T> {
    const handler = this.handlerOf(fn);
    // One sweep timer for all invocations instead of a timer (or a Promise.race) per invocation.
    this.sweeper ??= setInterval(() => this.sweep(), 250).unref();
    return new Promise<T>((resolve, reject) => {
      const flight: InFlight = { deadline: Date.now() + fn.timeoutSeconds * 1000, fn, reject };
      this.inFlight.add(flight);
      work(handler).then(
        (value) => {
          this.inFlight.delete(flight);
          resolve(value);
        },
        (error: unknown) => {
          this.inFlight.delete(flight);
          reject(error as Error);
        },
      );
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const flight of this.inFlight) {
      if (flight.deadline <= now) {
        this.inFlight.delete(flight);
        flight.reject(
          new Error(`${flight.fn.node.path} timed out after ${flight.fn.timeoutSeconds} seconds`),
        );
      }
    }
  }

  /**
   * Watches every file the functions were built from; a change rebuilds only the functions that
   * use it. The folders are watched, not the files: an editor's "safe write" (write a temporary
   * file, rename it over the original: vim, JetBrains) replaces the file, and a watcher on the
   * old file would never fire again.
   */
  watch(): void {
    for (const { inputs } of this.loaded.values()) {
      for (const input of inputs) {
        if (input.includes('node_modules')) continue;
        this.watchedFiles.add(input);
        const dir = dirname(input);
        if (this.watchers.has(dir)) continue;
        const watcher = watch(dir, (_event, name) => {
          if (!name) return;
          const file = join(dir, name.toString());
          if (!this.watchedFiles.has(file)) return;
          clearTimeout(this.pending.get(file));
          this.pending.set(
            file,
            setTimeout(() => {
              this.pending.delete(file);
              void this.rebuildUsing(file);
            }, 50),
          );
        });
        watcher.unref();
        this.watchers.set(dir, watcher);
      }
    }
  }

  private async rebuildUsing(input: string): Promise<void> {
    for (const [fn, loaded] of this.loaded) {
      if (!loaded.inputs.includes(input)) continue;
      try {
        await this.load(fn, loaded.host);
        this.onReload?.(fn);
      } catch (error) {
        this.onReload?.(fn, error as Error);
      }
    }
    this.watch();
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
