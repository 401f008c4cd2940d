import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { App } from 'anycloud';
import {
  projectName,
  scaffold,
  TEMPLATE_ANYCLOUD_VERSION,
  TEMPLATE_APP_NAME,
  templateDir,
} from '../../cli/commands/init';
import { UsageError } from '../../cli/load-app';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version: string }>;
};

describe('anycloud init', () => {
  let parent: string;
  beforeEach(() => (parent = mkdtempSync(join(tmpdir(), 'anycloud-init-'))));
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  test('writes every template file, named after the folder, asking for this version of anycloud', () => {
    const dir = join(parent, 'My Notes');
    const files = scaffold(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        '.gitignore',
        'anycloud.app.ts',
        'handlers/notes.ts',
        'test/app.test.ts',
        'jest.config.js',
        'tsconfig.json',
        'package.json',
        'cdk.json',
        'cdk-app.ts',
        'Pulumi.yaml',
        'pulumi.ts',
      ]),
    );
    expect(files).not.toContain('gitignore');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies: Record<string, string>;
    };
    expect(pkg.name).toBe('my-notes');
    expect(pkg.dependencies.anycloud).toBe(`^${manifest.version}`);
    expect(readFileSync(join(dir, 'anycloud.app.ts'), 'utf8')).toContain("new App({ name: 'my-notes'");
    expect(readFileSync(join(dir, 'Pulumi.yaml'), 'utf8')).toMatch(/^name: my-notes$/m);
    expect(readFileSync(join(dir, 'pulumi.ts'), 'utf8')).toContain('export = deploy(app);');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['.anycloud/', 'cdk.out/', 'node_modules/']),
    );
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toContain(TEMPLATE_APP_NAME);
      expect(text).not.toContain(TEMPLATE_ANYCLOUD_VERSION);
    }
  });

  test('creates the folder when missing and accepts an empty one', () => {
    expect(scaffold(join(parent, 'a', 'b'))).toContain('package.json');
    mkdirSync(join(parent, 'empty'));
    expect(scaffold(join(parent, 'empty'))).toContain('package.json');
  });

  test('refuses a folder that is not empty, and a file, writing nothing', () => {
    writeFileSync(join(parent, 'notes.txt'), 'mine');
    expect(() => scaffold(parent)).toThrow(UsageError);
    expect(() => scaffold(parent)).toThrow(/is not empty/);
    expect(readdirSync(parent)).toEqual(['notes.txt']);
    expect(() => scaffold(join(parent, 'notes.txt'))).toThrow(/is a file/);
  });

  test('project names are valid app names', () => {
    expect(projectName('My Notes')).toBe('my-notes');
    expect(projectName('2024_reports!')).toBe('reports');
    expect(projectName('123')).toBe('my-app');
    expect(projectName(`a${'-b'.repeat(40)}`)).toHaveLength(31);
    fc.assert(
      fc.property(fc.string(), (folder) => {
        const name = projectName(folder);
        expect(() => new App({ name }).validate()).not.toThrow();
        expect(name).toMatch(/^[a-z][a-z0-9-]{0,31}$/);
        expect(name).not.toMatch(/-$/);
      }),
    );
  });

  test("the template pins its tools to this repository's lockfile versions", () => {
    const template = JSON.parse(readFileSync(join(templateDir(), 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    for (const [name, version] of Object.entries(template.devDependencies))
      expect([name, version]).toEqual([name, lock.packages[`node_modules/${name}`].version]);
  });
});
