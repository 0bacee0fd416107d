import {
  BadRequestException,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  mixin,
  type Type,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { type LoginState, LoginStateCookie } from './login-state-cookie';

const LOGIN_STATE = Symbol('loginState');
type WithLoginState = Request & { [LOGIN_STATE]?: LoginState };

/** The login of a provider callback, as LoginStateGuard found it (undefined before it ran). */
export const loginStateOf = (request: Request): LoginState | undefined => (request as WithLoginState)[LOGIN_STATE];

/**
 * Guards a provider's callback: only the browser that started this login, with the `state` it was
 * given, gets past (400 otherwise, and never a code). Its login is then the handler's `@CurrentLogin()`.
 */
export function LoginStateGuard(provider: string): Type<CanActivate> {
  @Injectable()
  class Guard implements CanActivate {
    constructor(private readonly states: LoginStateCookie) {}

    canActivate(context: ExecutionContext): boolean {
      const request = context.switchToHttp().getRequest<WithLoginState>();
      const login = this.states.finish(request, context.switchToHttp().getResponse<Response>(), provider);
      // Not this browser's login (forged, replayed, expired or started elsewhere).
      if (!login) {
        throw new BadRequestException(
          'the login state is missing, expired or belongs to another browser; start the login again',
        );
      }
      request[LOGIN_STATE] = login;
      return true;
    }
  }
  return mixin(Guard);
}

export const CurrentLogin = createParamDecorator((_: unknown, context: ExecutionContext): LoginState =>
  loginStateOf(context.switchToHttp().getRequest<Request>())!,
);
