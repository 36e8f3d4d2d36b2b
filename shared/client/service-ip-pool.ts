import { pickServiceIP, SERVICE_CIDR } from '../apiserver/service-ip';

/** The cluster's taken service IPs (the cluster store's allocation table, in memory). */
export class ServiceIPPool {
  private readonly taken = new Set<string>();

  constructor(private readonly rand: () => number) {}

  /** A free IP (the requested one if free), recorded as taken; throws 422 as upstream's allocator. */
  allocate(requested?: string): string {
    const ip = pickServiceIP(SERVICE_CIDR, this.taken, this.rand, requested);
    this.taken.add(ip);
    return ip;
  }

  release(ip: string): void {
    this.taken.delete(ip);
  }
}
