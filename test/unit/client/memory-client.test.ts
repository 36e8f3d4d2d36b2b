import { MemoryClient } from '../../../shared/client';
import { clientSuite } from './common.case';

clientSuite('MemoryClient', (clock) => {
  const client = new MemoryClient({ now: () => clock.now });
  return { client, cluster: client.cluster, clock };
});
