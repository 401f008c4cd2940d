import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UsageError } from '../load-app';

/** Browsers that can take a headless screenshot, by executable name. */
const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The headless Chromium on this machine: `$CHROME_PATH`, else the first on PATH; undefined when none. */
export function findChromium(): string | undefined {
  const given = process.env.CHROME_PATH;
  if (given) return existsSync(given) ? given : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    for (const name of BROWSERS) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/** The size an SVG declares (`width` and `height` of its root). */
export function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!match) throw new Error('internal: the SVG has no width and height');
  return { width: Math.ceil(Number(match[1])), height: Math.ceil(Number(match[2])) };
}

/**
 * Renders an SVG to PNG with the headless Chromium installed on this machine (nothing is
 * downloaded): the page is exactly the drawing's size. A UsageError when no Chromium is found.
 */
export function svgToPng(svg: string): Buffer {
  const browser = findChromium();
  if (!browser)
    throw new UsageError(
      'PNG needs a headless Chromium on this machine (set CHROME_PATH, or install chromium); --format svg needs nothing',
    );
  const { width, height } = svgSize(svg);
  const dir = mkdtempSync(join(tmpdir(), 'anycloud-graph-'));
  try {
    const page = join(dir, 'graph.html');
    writeFileSync(
      page,
      `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:#fff}svg{display:block}</style></head><body>${svg}</body></html>`,
    );
    const out = join(dir, 'graph.png');
    const result = spawnSync(
      browser,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        '--no-first-run',
        '--force-device-scale-factor=1',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--window-size=${width},${height}`,
        `--screenshot=${out}`,
        `file://${page}`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (!existsSync(out))
      throw new Error(`${browser} wrote no screenshot (exit ${result.status}): ${result.stderr.slice(-500)}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
