import { Body, Controller, HttpCode, Injectable, Module, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Public } from '@app/common';
import {
  AuthModule,
  Client,
  type ClientContext,
  type LoginProvider,
  type ProviderIdentity,
  LoginService,
} from '../../apps/auth/src';

export interface TestLoginInput {
  userId?: string;
  name?: string;
  roles?: string[];
}

/** A provider that vouches for whoever the test names. Exists only in test modules. */
@Injectable()
export class TestLoginProvider implements LoginProvider<TestLoginInput> {
  readonly name = 'test';

  async authenticate(input: TestLoginInput): Promise<ProviderIdentity> {
    return {
      provider: this.name,
      providerUserId: input.userId ?? randomUUID(),
      name: input.name ?? 'Test User',
      email: null,
      grantedRoles: input.roles ?? [],
    };
  }
}

@Controller('test')
class TestLoginController {
  constructor(
    private readonly logins: LoginService,
    private readonly provider: TestLoginProvider,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  async login(@Body() body: TestLoginInput, @Client() client: ClientContext) {
    const result = await this.logins.loginWith(this.provider, body ?? {}, client);
    return { ...result.tokens, account_id: result.accountId, session_id: result.sessionId };
  }
}

@Module({ imports: [AuthModule], controllers: [TestLoginController], providers: [TestLoginProvider] })
export class TestLoginModule {}
