import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import pc from 'picocolors';
import { UsageError } from '../load-app';

/** The app name the templates are written with; replaced by the new project's name. */
export const TEMPLATE_APP_NAME = 'anycloud-init-app';
/** The anycloud version the templates' package.json asks for; replaced by this package's version. */
export const TEMPLATE_ANYCLOUD_VERSION = '0.0.0-anycloud-version';
/** Template files stored under another name (npm never packs a file called `.gitignore`). */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/** The anycloud package root: the nearest folder above this module with a package.json (sources or dist alike). */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** The folder of the project templates (`templates/init` in the package). */
export function templateDir(): string {
  return join(packageRoot(), 'templates', 'init');
}

/**
 * An app name (1-32 lowercase letters, digits or hyphens, starting with a letter) made from a
 * folder name: `My App` gives `my-app`; a name with no letter at all gives `my-app`.
 */
export function projectName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return name || 'my-app';
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Writes a new project into `dir` (created if missing; refused unless empty) from the templates,
 * with its name and this package's version filled in. Returns the files written, relative to `dir`.
 */
export function scaffold(dir: string): string[] {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is a file: pass a new or empty folder`);
    if (readdirSync(dir).length > 0)
      throw new UsageError(
        `${dir} is not empty: anycloud init writes a new project only into a new or empty folder`,
      );
  }
  const source = templateDir();
  const version = (
    JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }
  ).version;
  const name = projectName(basename(dir));
  const written: string[] = [];
  for (const file of filesUnder(source).sort()) {
    const path = relative(source, file);
    const target = join(dir, dirname(path), RENAMED[basename(path)] ?? basename(path));
    const text = readFileSync(file, 'utf8')
      .split(TEMPLATE_APP_NAME)
      .join(name)
      .split(TEMPLATE_ANYCLOUD_VERSION)
      .join(version);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    written.push(relative(dir, target));
  }
  return written;
}

/** `anycloud init [dir]`: scaffolds a project that passes its own `npm test` once installed. */
export async function init(target: string): Promise<void> {
  const dir = resolve(target);
  const files = scaffold(dir);
  process.stdout.write(`${pc.green('✔')} created ${projectName(basename(dir))} in ${dir}\n`);
  for (const file of files) process.stdout.write(`  ${file}\n`);
  const fromHere = relative(process.cwd(), dir);
  const cd = fromHere.startsWith('..') ? dir : fromHere;
  const quoted = /\s/.test(cd) ? JSON.stringify(cd) : cd;
  process.stdout.write(
    `\nnext:\n${cd ? `  cd ${quoted}\n` : ''}  npm install\n  npm test\n  npx anycloud dev\n`,
  );
}
