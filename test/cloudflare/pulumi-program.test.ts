import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { capturePulumiProgram } from 'anycloud/testing';

const shopDir = join(__dirname, '..', '..', 'examples', 'shop');

describe('examples/shop as a Pulumi project', () => {
  test('Pulumi.yaml runs pulumi.ts on Node.js with tsx', () => {
    const project = readFileSync(join(shopDir, 'Pulumi.yaml'), 'utf8');
    expect(project).toMatch(/^main: pulumi\.ts$/m);
    expect(project).toMatch(/nodeargs: --import tsx/);
  });

  test('the program deploys the shop to the target chosen in config', async () => {
    const captured = await capturePulumiProgram(
      () => require(join(shopDir, 'pulumi.ts')) as Record<string, string>,
      {
        config: {
          'anycloud:target': 'cloudflare',
          'anycloud:cloudflareAccountId': 'fedcba9876543210fedcba9876543210',
          'anycloud:cloudflareWorkersSubdomain': 'my-team',
          'anycloud:secret-ReportingApiKey': 'from-config',
        },
        secretKeys: ['anycloud:secret-ReportingApiKey'],
        project: 'anycloud-shop',
        stack: 'dev',
      },
    );
    const gateway = captured.resources.find((r) => r.name === 'shop/Api/gateway')!;
    expect(gateway.inputs.accountId).toBe('fedcba9876543210fedcba9876543210');
    expect(captured.outputs).toEqual({
      ApiScript: gateway.inputs.scriptName,
      ApiUrl: `https://${String(gateway.inputs.scriptName)}.my-team.workers.dev`,
    });
  });

  test('node --import tsx loads the program and anycloud/pulumi from the example folder', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', "const m = require('./pulumi.ts'); console.log(typeof m);"],
      { cwd: shopDir, encoding: 'utf8', env: { ...process.env, PULUMI_CONFIG: '{}' } },
    );
    // Every import resolved; with no config the program stops at the target check, saying what to set.
    const output = `${result.stdout}${result.stderr}`;
    expect(output).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND|SyntaxError/);
    expect(output).toContain('set the target with pulumi config set anycloud:target <azure|cloudflare|gcp>');
    expect(result.status).not.toBe(0);
  });
});
