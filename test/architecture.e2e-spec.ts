import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

// The module boundaries are a lint rule (eslint.config.mjs); this shows the rule bites, so a
// quietly weakened configuration fails here and not in a later refactoring.
describe('module boundaries', () => {
  const eslint = new ESLint();
  const restricted = async (file: string, from: string) => {
    const [result] = await eslint.lintText(`import { x } from '${from}';\nexport const y = x;\n`, { filePath: file });
    return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
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
    ['apps/gateway/src/api/x.ts', '@app/contracts'],
    ['apps/orders/src/orders/x.ts', './orders.service'],
    ['apps/monolith/src/x.ts', '../../gateway/src/gateway.module'],
  ])('lets %s import %s', async (file, from) => {
    expect(await restricted(file, from)).toEqual([]);
  });
});
