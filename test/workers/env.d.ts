import type { Env as PlatformEnv } from '../../platform/env';

declare global {
  namespace Cloudflare {
    interface Env extends PlatformEnv {}
  }
}
