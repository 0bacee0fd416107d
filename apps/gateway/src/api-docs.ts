import type { INestApplication } from '@nestjs/common';
import {
  buildApiDocument,
  type Environment,
  INTERNAL_API_DOCUMENT_PATH,
  mergeApiDocuments,
  mountApiDocs,
} from '@app/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { authHttpUrl } from './auth-proxy';

/**
 * `/api/docs` and `/api/openapi.json` at the public origin. In one process (the monolith) every
 * route is this application's; split, the auth app's routes come from its own document, fetched
 * when first asked for (and again until it answers).
 */
export function mountGatewayApiDocs(app: INestApplication, env: Environment, mode: 'monolith' | 'split'): void {
  mountApiDocs(app, async () => {
    const own = buildApiDocument(app, env);
    if (mode === 'monolith') return own;
    const response = await fetch(`${authHttpUrl(env)}${INTERNAL_API_DOCUMENT_PATH}`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`the auth app answered ${response.status}`);
    return mergeApiDocuments(own, (await response.json()) as OpenAPIObject);
  });
}
