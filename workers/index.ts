import { apiRouter } from './api/router';
import type { Env } from './env';
import { log, setLogLevel } from './log';

export { ObjectStore } from '../durable-objects/object-store';
export { ControllerHost } from '../durable-objects/controllers/controller-host';

const router = apiRouter();

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    setLogLevel(env.LOG_LEVEL);
    const started = Date.now();
    const response = await router.fetch(request, env);
    const url = new URL(request.url);
    log.info('request', {
      method: request.method,
      path: url.pathname,
      query: url.search || undefined,
      status: response.status,
      ms: Date.now() - started,
    });
    return response;
  },
} satisfies ExportedHandler<Env>;
