import { describe, expect, it } from '@jest/globals';
import { Controller, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { Public } from '@app/common';
import { localTokenIssuer } from '../../../test/support/local-token-issuer';
import { AuthGuard } from './auth.guard';
import { Roles, ServiceAudience } from './decorators';

@Controller()
@ServiceAudience('orders')
class OrdersRoutes {
  list() {}

  @Public()
  health() {}

  @Roles('admin')
  purge() {}

  @ServiceAudience('inventory')
  stock() {}
}

/** Inherits `list` from OrdersRoutes (the same function), under a stricter class-level policy. */
@Controller()
@Roles('admin')
class AdminOrdersRoutes extends OrdersRoutes {}

async function setUp() {
  const issuer = localTokenIssuer();
  await issuer.service.jwks.refresh();
  const guard = new AuthGuard(new Reflector(), issuer.service, { defaultAudience: 'gateway' });
  /** What the guard answers for an HTTP request to `handler` of `controller` carrying `token`. */
  const outcome = (controller: new () => object, handler: () => void, token?: string) => {
    const request = { headers: token ? { authorization: `Bearer ${token}` } : {} };
    const response = { setHeader: () => undefined };
    return guard.canActivate(new ExecutionContextHost([request, response, () => undefined], controller, handler)).then(
      () => 'allowed',
      (error: unknown) =>
        error instanceof ForbiddenException
          ? '403'
          : error instanceof UnauthorizedException
            ? '401'
            : `unexpected ${String(error)}`,
    );
  };
  return { ...issuer, outcome };
}

describe('AuthGuard', () => {
  it('applies each handler its own decorators, asked again and again', async () => {
    const { outcome, valid } = await setUp();
    for (let round = 0; round < 2; round++) {
      await expect(outcome(OrdersRoutes, OrdersRoutes.prototype.list, valid)).resolves.toBe('allowed');
      await expect(outcome(OrdersRoutes, OrdersRoutes.prototype.health)).resolves.toBe('allowed');
      await expect(outcome(OrdersRoutes, OrdersRoutes.prototype.list)).resolves.toBe('401');
      await expect(outcome(OrdersRoutes, OrdersRoutes.prototype.purge, valid)).resolves.toBe('403');
      // The handler's audience overrides the class's: this user token names gateway and orders only.
      await expect(outcome(OrdersRoutes, OrdersRoutes.prototype.stock, valid)).resolves.toBe('401');
    }
  });

  it("keeps an inherited handler under each class's own policy", async () => {
    const { outcome, valid, signed, claims } = await setUp();
    const admin = signed({ ...claims, roles: ['admin'] });
    await expect(outcome(OrdersRoutes, OrdersRoutes.prototype.list, valid)).resolves.toBe('allowed');
    await expect(outcome(AdminOrdersRoutes, AdminOrdersRoutes.prototype.list, valid)).resolves.toBe('403');
    await expect(outcome(AdminOrdersRoutes, AdminOrdersRoutes.prototype.list, admin)).resolves.toBe('allowed');
    await expect(outcome(OrdersRoutes, OrdersRoutes.prototype.list, valid)).resolves.toBe('allowed');
  });
});
