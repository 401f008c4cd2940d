import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { resourcesOf } from 'anycloud/adapter';
import {
  SYNTH_TARGETS,
  synth,
  synthAwsAssembly,
  synthCloudflareWithSizes,
  type Json,
  type SynthTarget,
} from 'anycloud/testing';
import { loadApp, UsageError } from '../load-app';
import { withSpinner } from '../spinner';

function countByType(templates: Record<string, Json>): Map<string, number> {
  return countTypes(
    Object.values(templates).flatMap((template) =>
      Object.values((template as { Resources?: Record<string, { Type: string }> }).Resources ?? {}).map(
        (r) => r.Type,
      ),
    ),
  );
}

function countTypes(types: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/** Prints resources per type, then one size per bundle. */
function printSummary(counts: Map<string, number>, bundles: [string, number][]): void {
  const width = Math.max(...[...counts.keys(), ...bundles.map(([name]) => name)].map((k) => k.length));
  for (const [type, n] of counts) process.stdout.write(`  ${type.padEnd(width)}  ${String(n).padStart(4)}\n`);
  process.stdout.write(`  ${pc.bold('function'.padEnd(width))}  bundle\n`);
  for (const [name, bytes] of bundles)
    process.stdout.write(`  ${name.padEnd(width)}  ${(bytes / 1024).toFixed(1).padStart(7)} KB\n`);
}

/** `anycloud synth [app] --target aws|cloudflare|local|all --out dir`: writes each target's deterministic JSON. */
export async function synthCommand(
  target: string | undefined,
  options: { target: string; out: string },
): Promise<void> {
  const wanted: SynthTarget[] =
    options.target === 'all' ? [...SYNTH_TARGETS] : [options.target as SynthTarget];
  for (const t of wanted) {
    if (!SYNTH_TARGETS.includes(t))
      throw new UsageError(`unknown target "${t}": use ${[...SYNTH_TARGETS, 'all'].join(', ')}`);
  }
  const { app } = loadApp(target);
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  // Every target is synthesized into a staging folder first: when one fails, nothing in
  // `out` changes (no half-written output); when all succeed, the files move into place.
  const staging = mkdtempSync(join(out, '.anycloud-synth-'));
  const written: string[] = [];
  const summaries: (() => void)[] = [];
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  try {
    for (const t of wanted) {
      if (t === 'aws') {
        const { document, build } = await withSpinner('synthesizing for aws', () =>
          synthAwsAssembly(app, {}, join(staging, 'aws.cdk.out')),
        );
        writeFileSync(join(staging, 'aws.json'), json(document));
        written.push('aws.json', 'aws.cdk.out');
        summaries.push(() => {
          process.stdout.write(
            `${pc.green('✔')} aws → ${join(out, 'aws.json')} (+ CDK cloud assembly in ${join(out, 'aws.cdk.out')})\n`,
          );
          const counts = countByType(document.templates);
          process.stdout.write(
            `  ${Object.keys(document.templates).length} template(s), ${[...counts.values()].reduce((a, b) => a + b, 0)} resources\n`,
          );
          printSummary(
            counts,
            resourcesOf(app, 'function').map((fn) => [fn.node.path, build.bundleOf(fn).bytes]),
          );
        });
      } else if (t === 'cloudflare') {
        const { document, scriptBytes } = await withSpinner(
          'synthesizing for cloudflare (Pulumi program under mocks)',
          () => synthCloudflareWithSizes(app),
        );
        writeFileSync(join(staging, 'cloudflare.json'), json(document));
        written.push('cloudflare.json');
        summaries.push(() => {
          process.stdout.write(`${pc.green('✔')} cloudflare → ${join(out, 'cloudflare.json')}\n`);
          process.stdout.write(`  ${document.resources.length} Pulumi resources\n`);
          printSummary(
            countTypes(document.resources.map((r) => r.type)),
            Object.entries(scriptBytes).map(([name, bytes]) => [
              name.replace(/\/(script|gateway)$/, ''),
              bytes,
            ]),
          );
        });
      } else {
        const document = await synth(app, t);
        writeFileSync(join(staging, `${t}.json`), json(document));
        written.push(`${t}.json`);
        summaries.push(() =>
          process.stdout.write(
            `${pc.green('✔')} ${t} → ${join(out, `${t}.json`)} (${resourcesOf(app, 'function').length} functions)\n`,
          ),
        );
      }
    }
    for (const name of written) {
      rmSync(join(out, name), { recursive: true, force: true });
      renameSync(join(staging, name), join(out, name));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  for (const summary of summaries) summary();
}
