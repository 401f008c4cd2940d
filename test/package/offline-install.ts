import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';

/** One entry of a lockfile v3 `packages` map. */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [field: string]: unknown;
}

interface Manifest {
  name: string;
  version: string;
  license?: string;
  engines?: Record<string, string>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const root = join(__dirname, '..', '..');

/**
 * The environment of a command run in a consumer project: none of the `npm_*` settings of the
 * `npm test` that runs jest, and not this repository's `node_modules/.bin` on the PATH.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [key, value] of Object.entries(process.env))
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'NO_COLOR') env[key] = value;
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.startsWith(join(root, 'node_modules')))
    .join(delimiter);
  return env;
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = cleanEnv(),
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`,
    );
  return result;
}

/** Where `name` resolves from the package at lockfile path `from`, walking up as Node.js does. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/**
 * A lockfile for `project` (whose `anycloud` dependency is `tarball`) made of this repository's
 * lockfile entries: the same versions this repository's `npm ci` put in the npm cache, so the
 * project installs with `npm ci --offline`, deterministically. Throws when a needed package is
 * not in this repository's lockfile.
 */
export function derivedLockfile(project: Manifest, tarball: string, projectDir: string): object {
  const repoLock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const anycloud = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const source: Record<string, LockEntry> = {
    ...repoLock.packages,
    'node_modules/anycloud': {
      version: anycloud.version,
      resolved: `file:${relative(projectDir, tarball)}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: anycloud.license,
      dependencies: anycloud.dependencies,
      bin: anycloud.bin,
      engines: anycloud.engines,
    },
  };
  delete source[''];
  const packages: Record<string, LockEntry> = {
    '': {
      name: project.name,
      version: project.version,
      dependencies: project.dependencies,
      devDependencies: project.devDependencies,
    },
  };
  const queue: [string, LockEntry][] = [['', { ...project }]];
  while (queue.length > 0) {
    const [path, entry] = queue.shift()!;
    const wanted: [string, boolean][] = [
      ...Object.keys({ ...entry.dependencies, ...(path === '' ? project.devDependencies : {}) }).map(
        (n): [string, boolean] => [n, false],
      ),
      ...Object.keys(entry.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(entry.peerDependencies ?? {}).map((n): [string, boolean] => [
        n,
        entry.peerDependenciesMeta?.[n]?.optional === true,
      ]),
    ];
    for (const [name, optional] of wanted) {
      const found = resolveIn(source, path, name);
      if (!found) {
        if (optional) continue;
        throw new Error(`${name} (needed by ${path || project.name}) is not in this repository's lockfile`);
      }
      if (packages[found]) continue;
      // Dependency flags are the project's, not this repository's: keep only "optional".
      const { dev: _dev, peer: _peer, devOptional, optional: isOptional, ...rest } = source[found];
      packages[found] = isOptional || devOptional ? { ...rest, optional: true } : rest;
      queue.push([found, source[found]]);
    }
  }
  return { name: project.name, version: project.version, lockfileVersion: 3, requires: true, packages };
}

/**
 * Makes `projectDir` depend on the anycloud `tarball` and installs it from the npm cache only,
 * with a lockfile derived from this repository's: `npm ci --offline`, or, with `seed` (a project
 * installed the same way), `npm install --offline` over a hard-linked copy of the seed's
 * node_modules, which adds and removes only what differs (much faster than a second full install).
 */
export function installOffline(projectDir: string, tarball: string, seed?: string): void {
  const manifestFile = join(projectDir, 'package.json');
  const project = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  project.dependencies = { ...project.dependencies, anycloud: `file:${relative(projectDir, tarball)}` };
  writeFileSync(manifestFile, `${JSON.stringify(project, null, 2)}\n`);
  writeFileSync(
    join(projectDir, 'package-lock.json'),
    `${JSON.stringify(derivedLockfile(project, tarball, projectDir), null, 2)}\n`,
  );
  if (seed) {
    run('cp', ['-al', join(seed, 'node_modules'), join(projectDir, 'node_modules')], projectDir);
    run('npm', ['install', '--offline', '--no-audit', '--no-fund'], projectDir);
  } else {
    run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], projectDir);
  }
}
