import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Which top-level folders of `src` import which others (one folder is one Nest module). */
function folderGraph(src: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory()
        ? walk(path)
        : path.endsWith('.ts') && !path.endsWith('.spec.ts')
          ? [path]
          : [];
    });
  const folderOf = (file: string) => relative(src, file).split('/')[0];
  for (const file of walk(src)) {
    const from = folderOf(file);
    if (!from.includes('.')) graph.set(from, graph.get(from) ?? new Set());
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(resolve(dirname(file), spec));
      if (!from.includes('.') && !to.includes('.') && !to.startsWith('..') && to !== from) graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Every cycle's path, e.g. `accounts -> sessions -> accounts`. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const visit = (node: string, path: string[]) => {
    for (const next of graph.get(node) ?? []) {
      if (path.includes(next)) found.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else visit(next, [...path, next]);
    }
  };
  for (const node of graph.keys()) visit(node, [node]);
  return [...new Set(found)];
}

// The module boundaries are a lint rule (eslint.config.mjs); this shows the rule bites, so a
// quietly weakened configuration fails here and not in a later refactoring.
describe('module boundaries', () => {
  const eslint = new ESLint();
  const restricted = async (file: string, from: string) => {
    const [result] = await eslint.lintText(`import { x } from '${from}';\nexport const y = x;\n`, { filePath: file });
    return result.messages
      .filter((message) => message.ruleId === 'no-restricted-imports')
      .map((message) => message.message);
  };

  it.each([
    ['apps/gateway/src/api/x.ts', '../../../orders/src/orders/orders.service'],
    ['apps/orders/src/orders/x.ts', '../../../auth/src/clients/service-client-registry'],
    ['apps/orders/src/orders/x.ts', '../../../inventory/src/products/inventory.service'],
    ['apps/auth/src/x.ts', '../../gateway/src/demo'],
    ['apps/inventory/src/x.ts', '../../monolith/src/monolith.module'],
  ])('refuses %s importing %s (an app importing an app)', async (file, from) => {
    expect(await restricted(file, from)).toEqual([expect.stringMatching(/apps never import other apps/)]);
  });

  it.each([
    ['libs/common/src/x.ts', '../../../apps/auth/src/auth.module'],
    ['libs/security/src/x.ts', '../../../apps/gateway/src/gateway.module'],
    ['libs/contracts/src/x.ts', '../../../apps/orders/src/orders/order.entity'],
  ])('refuses %s importing %s (a library naming an app)', async (file, from) => {
    expect(await restricted(file, from)).toEqual([expect.stringMatching(/libraries never name the apps/)]);
  });

  it.each([
    ['apps/auth/src/facebook/x.ts', '@app/emulators'],
    ['apps/monolith/src/x.ts', '../../../libs/emulators/src/facebook-emulator'],
    ['libs/common/src/x.ts', '../../emulators/src/index'],
  ])('refuses %s importing %s (the development-only emulators)', async (file, from) => {
    expect(await restricted(file, from)).toEqual([expect.stringMatching(/development-only/)]);
  });

  it.each([
    ['test/x.e2e-spec.ts', '../apps/auth/src/accounts/account.service'],
    ['test/support/x.ts', '../../apps/gateway/src/auth-proxy'],
    ['apps/monolith/src/x.ts', '../../orders/src/orders.module'],
  ])('refuses %s importing %s (past an app’s public entry point)', async (file, from) => {
    expect(await restricted(file, from)).toEqual([expect.stringMatching(/public entry point/)]);
  });

  it.each([
    ['test/x.e2e-spec.ts', '../apps/auth/src'],
    ['apps/monolith/src/x.ts', '../../orders/src'],
    ['apps/orders/src/orders/x.ts', './orders.service'],
    ['apps/monolith/src/x.ts', '../../gateway/src'],
  ])('lets %s import %s', async (file, from) => {
    expect(await restricted(file, from)).toEqual([]);
  });

  it.each(['auth', 'gateway', 'orders', 'inventory'])('%s: no import cycle between its folders', (app) => {
    const graph = folderGraph(`apps/${app}/src`);
    expect(graph.size).toBeGreaterThan(0);
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle where there is one', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(graph)).toContain('a -> b -> c -> a');
  });

  it('gives each feature folder of auth a Nest module of its own', () => {
    const plain = new Set(['shared', 'migrations']);
    const folders = readdirSync('apps/auth/src').filter(
      (name) => statSync(join('apps/auth/src', name)).isDirectory() && !plain.has(name),
    );
    const withoutModule = folders.filter(
      (folder) => !readdirSync(join('apps/auth/src', folder)).some((file) => file.endsWith('.module.ts')),
    );
    expect(withoutModule).toEqual([]);
  });
});
