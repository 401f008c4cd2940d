import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { appGraph } from '../../cli/graph/app-graph';
import { toMermaid } from '../../cli/graph/mermaid';
import { findChromium, svgSize, svgToPng } from '../../cli/graph/png';
import { toSvg } from '../../cli/graph/svg';
import shop from '../../examples/shop/anycloud.app';

const root = join(__dirname, '..', '..');
const cli = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [join(root, 'cli', 'bin.js'), 'graph', join(root, 'examples', 'shop'), ...args],
    {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', CDK_VALIDATION: 'false' },
      encoding: 'utf8',
    },
  );
const constructs = shop.node.findAll().filter((c) => 'kind' in c);

/** The box Chromium lays the drawing out in (`getBBox` of the SVG's content), printed by a page script. */
function drawingBox(svg: string): { x: number; y: number; width: number; height: number } {
  const dir = mkdtempSync(join(tmpdir(), 'anycloud-graph-bbox-'));
  try {
    const page = join(dir, 'bbox.html');
    writeFileSync(
      page,
      `<!doctype html><html><body style="margin:0">${svg}<script>const b=document.querySelector('svg > g').getBBox();const m=document.querySelector('svg > g').getCTM();document.title='';const p=document.createElement('pre');p.id='bbox';p.textContent=JSON.stringify({x:b.x+m.e,y:b.y+m.f,width:b.width,height:b.height});document.body.appendChild(p);</script></body></html>`,
    );
    const result = spawnSync(
      findChromium()!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--dump-dom',
        `file://${page}`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    const json = /<pre id="bbox">([^<]+)<\/pre>/.exec(result.stdout)?.[1];
    if (!json) throw new Error(`no bbox from Chromium: ${result.stderr.slice(-400)}`);
    return JSON.parse(json.replace(/&quot;/g, '"')) as {
      x: number;
      y: number;
      width: number;
      height: number;
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('anycloud graph', () => {
  test('the graph has every construct, every trigger and every grant with its access level', () => {
    const graph = appGraph(shop);
    expect(graph.nodes.map((n) => n.id)).toEqual(constructs.map((c) => c.node.path));
    const edge = (from: string, to: string) =>
      graph.edges
        .filter((e) => e.from === `shop/${from}` && e.to === `shop/${to}`)
        .map((e) => `${e.relation} ${e.label}`);
    expect(edge('Api', 'CreateOrder')).toEqual(['trigger POST /orders']);
    expect(edge('Nightly', 'NightlyReport')).toEqual(['trigger cron 0 2 * * * Europe/Paris']);
    expect(edge('Images', 'Thumbnailer')).toEqual(['trigger created images/*']);
    expect(edge('Fulfilment', 'FulfilmentWorker')).toEqual(['trigger batch 10, 3 retries']);
    expect(edge('CreateOrder', 'Orders')).toEqual(['grant readwrite']);
    expect(edge('GetOrder', 'Orders')).toEqual(['grant read']);
    expect(edge('NightlyReport', 'ReportingApiKey')).toEqual(['grant read']);
    const grants = constructs.flatMap((c) => ('grants' in c ? (c.grants as unknown[]) : []));
    expect(graph.edges.filter((e) => e.relation === 'grant')).toHaveLength(grants.length);
  });

  test('mermaid: one shape per construct, solid triggers, dotted grants', () => {
    const text = toMermaid(appGraph(shop));
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    for (const c of constructs) expect(text).toContain(`"${c.node.id}<br/>«`);
    expect(text).toMatch(/\n {2}n\d+\{\{"Api<br\/>«http-api»"\}\}\n/);
    expect(text).toMatch(/\n {2}n\d+ -->\|"POST \/orders"\| n\d+\n/);
    expect(text).toMatch(/\n {2}n\d+ -\.->\|"readwrite"\| n\d+\n/);
    expect(cli('--format', 'mermaid').stdout).toBe(text);
  });

  test("the README's diagram of the shop is what the command prints", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /<!-- shop-graph:start -->\s*```mermaid\n([\s\S]*?)```\s*<!-- shop-graph:end -->/.exec(
      readme,
    )?.[1];
    expect(block).toBe(toMermaid(appGraph(shop)));
  });

  test('svg: deterministic across processes, self-contained, every construct drawn', async () => {
    const svg = await toSvg(appGraph(shop));
    expect(await toSvg(appGraph(shop))).toBe(svg);
    const fromCli = cli('--format', 'svg');
    expect(fromCli.status).toBe(0);
    expect(fromCli.stdout).toBe(svg);
    for (const c of constructs) expect(svg).toContain(`data-path="${c.node.path}"`);
    expect(svg).not.toMatch(/(href|src)=|<script|@import|url\((?!#arrow\))/);
    expect(svg.match(/<path class="trigger"/g)?.length).toBeGreaterThanOrEqual(8);
    expect(svg.match(/<path class="grant"/g)?.length).toBeGreaterThanOrEqual(12);
  });

  test('svg with --target: the native resource names under each construct', () => {
    const result = cli('--target', 'gcp');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('gcp:firestore/field:Field shop/Orders/');
    expect(result.stdout).toContain('gcp:cloudfunctionsv2/function:Function shop/CreateOrder/');
    expect(result.stdout).toContain('<title>shop on gcp</title>');
  }, 60_000);

  test('headless Chromium draws the shop inside its viewport, and the PNG shows it', async () => {
    expect(findChromium()).toBeDefined(); // .ci/run installs Debian's chromium
    const svg = await toSvg(appGraph(shop));
    const { width, height } = svgSize(svg);
    // The laid-out drawing (Chromium's own text metrics) fits inside the SVG's viewport.
    const box = drawingBox(svg);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    expect(box.y + box.height).toBeLessThanOrEqual(height);
    expect(box.width).toBeGreaterThan(width * 0.8);

    const png = PNG.sync.read(svgToPng(svg));
    expect([png.width, png.height]).toEqual([width, height]);
    let ink = 0;
    let [minX, minY, maxX, maxY] = [png.width, png.height, -1, -1];
    for (let y = 0; y < png.height; y++)
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        if (png.data[i] < 240 || png.data[i + 1] < 240 || png.data[i + 2] < 240) {
          ink++;
          [minX, minY, maxX, maxY] = [
            Math.min(minX, x),
            Math.min(minY, y),
            Math.max(maxX, x),
            Math.max(maxY, y),
          ];
        }
      }
    // Not blank, and the ink spreads over the picture with the margin kept on every side.
    expect(ink / (png.width * png.height)).toBeGreaterThan(0.02);
    expect(minX).toBeGreaterThan(4);
    expect(minY).toBeGreaterThan(4);
    expect(maxX).toBeLessThan(png.width - 4);
    expect(maxY).toBeLessThan(png.height - 4);
    expect(maxX - minX).toBeGreaterThan(png.width * 0.8);
  }, 120_000);

  test('png without --out, an unknown format or target: a clear usage error', () => {
    expect(cli('--format', 'png').stderr).toContain('--format png needs --out <file.png>');
    expect(cli('--format', 'gif').stderr).toContain('unknown format "gif": use svg, mermaid, png');
    const unknown = cli('--target', 'oracle');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown target "oracle"');
  });
});
