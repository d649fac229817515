import { Bucket, Counter, ipv4, parseIpv4 } from './common.js';
import type { Cloud, NodeInfo, Scheduler } from './nodes.js';
import { Rng } from './prng.js';
import type { Profile } from './profiles.js';

/** Everything shared by the namespaces of one generated cluster. */
export class ClusterContext {
  /** The cluster-scoped objects, written once every namespace is done. */
  readonly cluster = new Bucket();
  readonly rv = new Counter(1_000_000);
  private readonly serviceIPs = new Counter(parseIpv4('10.96.0.20'));
  private readonly nodePorts = new Counter(30000 - 1);
  private readonly lbAddresses = new Counter(parseIpv4('198.18.0.10'));
  /** What the ingress controller's load balancer publishes; Ingress statuses repeat it. */
  ingressStatus: { ip?: string; hostname?: string } = {};

  constructor(
    readonly seed: string,
    readonly profile: Profile,
    readonly cloud: Cloud,
    readonly nodes: NodeInfo[],
    readonly scheduler: Scheduler,
  ) {}

  /** A generator for one purpose: its stream depends only on the seed and the labels, not on what ran before. */
  rng(...labels: (string | number)[]): Rng {
    return new Rng(this.seed, ...labels);
  }

  /** The next free address of the service CIDR (10.96.0.0/12). */
  serviceIP(rng: Rng): string {
    return ipv4(this.serviceIPs.next(1 + rng.int(3)));
  }

  /** The next free NodePort, or undefined when the range 30000-32767 is used up. */
  nodePort(): number | undefined {
    const port = this.nodePorts.next();
    return port <= 32767 ? port : undefined;
  }

  /** Ingress points of a cloud load balancer (a hostname on AWS, an address elsewhere). */
  loadBalancerIngress(rng: Rng): { ip?: string; hostname?: string } {
    if (this.cloud.provider === 'aws') {
      return { hostname: `a${rng.hex(32)}-${rng.range(100000000, 999999999)}.${this.cloud.region}.elb.amazonaws.com` };
    }
    return { ip: ipv4(this.lbAddresses.next()) };
  }
}
