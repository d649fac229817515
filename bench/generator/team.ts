import { appImage, appTemplate, type AppTemplate } from './apps.js';
import { Bucket, NameSet, type JsonMap, type Labels } from './common.js';
import { configMap, rootCaConfigMap, secret, serviceAccountObject } from './config.js';
import type { ClusterContext } from './context.js';
import {
  APPS,
  CRON_APPS,
  JOB_APPS,
  PEOPLE,
  STATEFUL_APPS,
  STATEFUL_IMAGES,
  STATEFUL_PORTS,
  WEB_APPS,
} from './names.js';
import { dnsEgress, ingress, namespaceNamed, networkPolicy, referenceGrant, route, service } from './network.js';
import type { NamespacePlan } from './plan.js';
import { DANGLING_LABEL, group, role, roleBinding, rule, serviceAccount, user } from './rbac.js';
import type { Rng } from './prng.js';
import { barePod, cronJob, deployment, job, statefulSet, type NsScope } from './workloads.js';

type Kind = 'Deployment' | 'StatefulSet' | 'CronJob' | 'Job' | 'Pod';

/** What the rest of the namespace (Services, policies, RBAC) needs to know about one application. */
interface App {
  name: string;
  kind: Kind;
  selector: Labels;
  podLabels: Labels;
  serviceAccount?: string;
  /** The Service in front of the app and the port clients use, when there is one. */
  service?: { name: string; port: number; portName?: string };
  targetPort?: string | number;
  web: boolean;
  metrics: boolean;
  stateful?: string;
}

const SECRET_KEYS = [
  'DATABASE_URL',
  'DATABASE_PASSWORD',
  'API_KEY',
  'JWT_SECRET',
  'STRIPE_KEY',
  'REDIS_PASSWORD',
  'SMTP_PASSWORD',
];
const STORAGE_CLASS = { aws: 'gp3', gcp: 'standard-rwo', azure: 'managed-csi' } as const;

/** Replicas of a Deployment: mostly 1-5, some 6-49, a few 50-500. */
function deploymentReplicas(rng: Rng): number {
  const r = rng.float();
  if (r < 0.03) return 0;
  if (r < 0.8)
    return rng.weighted([
      [1, 30],
      [2, 30],
      [3, 25],
      [4, 8],
      [5, 7],
    ]);
  if (r < 0.95) return rng.range(6, 20);
  if (r < 0.99) return rng.range(21, 49);
  return rng.range(50, 500);
}

function cloudIdentity(
  rng: Rng,
  ctx: ClusterContext,
  ns: NamespacePlan,
  app: string,
): { annotations?: Labels; azure: boolean } {
  const primary = ctx.cloud.provider;
  const choice = rng.weighted<'aws' | 'gcp' | 'azure' | 'none'>([
    ['aws', primary === 'aws' ? 22 : 3],
    ['gcp', primary === 'gcp' ? 22 : 3],
    ['azure', primary === 'azure' ? 22 : 3],
    ['none', 70],
  ]);
  const team = ns.team!;
  switch (choice) {
    case 'aws': {
      const account = rng.pick(ctx.cloud.awsAccounts);
      return {
        annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${account}:role/${team}-${app}-${ns.env}` },
        azure: false,
      };
    }
    case 'gcp':
      return {
        annotations: {
          'iam.gke.io/gcp-service-account': `${`${team}-${app}`.slice(0, 30)}@${ctx.cloud.gcpProject}.iam.gserviceaccount.com`,
        },
        azure: false,
      };
    case 'azure':
      return {
        annotations: {
          'azure.workload.identity/client-id': rng.uuid(),
          'azure.workload.identity/tenant-id': ctx.cloud.azureTenant,
        },
        azure: true,
      };
    case 'none':
      return { azure: false };
  }
}

/** Generates one team namespace: its workloads and pods (exactly `ns.budget` of them), services, policies and RBAC. */
export function generateTeamNamespace(ctx: ClusterContext, ns: NamespacePlan): Bucket {
  const rng = ctx.rng('namespace', ns.name);
  const w: NsScope = { ctx, rng, namespace: ns.name, bucket: new Bucket(), created: ns.created };
  const team = ns.team!;
  const env = ns.env!;
  const level = ns.enforce ?? 'privileged';
  const names = new NameSet();
  const regcred = rng.chance(0.45);
  const helm = rng.chance(0.3);
  const helmStyle = rng.chance(0.6);
  const showcase = ns.features.has('showcase');

  serviceAccountObject(w, {
    name: 'default',
    imagePullSecrets: regcred && rng.chance(0.5) ? ['regcred'] : undefined,
    automountServiceAccountToken: level === 'restricted' && rng.chance(0.2) ? false : undefined,
  });
  rootCaConfigMap(w);
  if (regcred) secret(w, 'regcred', 'kubernetes.io/dockerconfigjson', ['.dockerconfigjson']);

  const apps: App[] = [];
  let remaining = ns.budget;
  const forced: Kind[] = showcase ? ['Deployment', 'StatefulSet', 'CronJob', 'Job'] : [];
  if (ns.gpu) forced.unshift('Deployment');

  while (remaining > 0 || apps.length === 0 || forced.length > 0) {
    const first = apps.length === 0;
    const gpu = ns.gpu && first;
    let kind: Kind =
      forced.shift() ??
      rng.weighted<Kind>([
        ['Deployment', 78],
        ['StatefulSet', 9],
        ['CronJob', 7],
        ['Job', 4],
        ['Pod', 2],
      ]);
    if (remaining === 0 && (kind === 'Job' || kind === 'Pod')) kind = 'Deployment';
    const base =
      kind === 'StatefulSet'
        ? rng.pick(STATEFUL_APPS)
        : kind === 'CronJob'
          ? rng.pick(CRON_APPS)
          : kind === 'Job'
            ? rng.pick(JOB_APPS)
            : kind === 'Pod'
              ? rng.pick(['debug', 'netshoot', 'tmp-shell', 'psql-client'])
              : gpu
                ? 'inference'
                : rng.pick(APPS);
    const name = names.take(kind === 'Pod' ? `${base}-${rng.hex(4)}` : base);
    const style = rng.chance(0.8) === helmStyle;
    const selector: Labels = style
      ? { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/name': base }
      : { app: name };
    const podLabels: Labels = { ...selector };
    if (!style && rng.chance(0.5)) podLabels.tier = rng.pick(['frontend', 'backend', 'data', 'worker']);
    if (rng.chance(0.4))
      podLabels[style ? 'app.kubernetes.io/version' : 'version'] =
        `v${rng.range(1, 5)}.${rng.range(0, 20)}.${rng.range(0, 9)}`;
    if (style && rng.chance(0.3))
      podLabels['app.kubernetes.io/component'] = rng.pick(['server', 'worker', 'controller', 'operator']);
    if (rng.chance(0.5)) podLabels.team = team;
    const controllerLabels: Labels = { ...selector };
    const annotations: Labels = {};
    if (helm && kind !== 'Pod' && rng.chance(0.6)) {
      controllerLabels['app.kubernetes.io/managed-by'] = 'Helm';
      controllerLabels['helm.sh/chart'] = `${base}-${rng.range(0, 3)}.${rng.range(0, 20)}.${rng.range(0, 9)}`;
      annotations['meta.helm.sh/release-name'] = name;
      annotations['meta.helm.sh/release-namespace'] = ns.name;
      const revision = rng.range(1, 40);
      secret(w, `sh.helm.release.v1.${name}.v${revision}`, 'helm.sh/release.v1', ['release'], {
        labels: {
          modifiedAt: String(1736150400 + rng.int(2_000_000)),
          name,
          owner: 'helm',
          status: 'deployed',
          version: String(revision),
        },
      });
    }

    // Service account: usually one per app, sometimes the namespace default.
    let sa: string | undefined;
    let accountAutomountOff = false;
    if (kind !== 'Pod' && (rng.chance(0.75) || gpu)) {
      sa = rng.chance(0.8) ? name : `${name}-sa`;
      const identity = cloudIdentity(rng, ctx, ns, name);
      if (identity.azure) podLabels['azure.workload.identity/use'] = 'true';
      accountAutomountOff = rng.chance(0.15);
      serviceAccountObject(w, {
        name: sa,
        labels: controllerLabels,
        annotations: identity.annotations,
        automountServiceAccountToken: accountAutomountOff ? false : undefined,
        legacyToken: ns.features.has('legacy-tokens') ? rng.chance(0.5) : rng.chance(0.03),
        imagePullSecrets: regcred && rng.chance(0.3) ? ['regcred'] : undefined,
      });
    }

    // Configuration and credentials.
    let secretName: string | undefined;
    let secretKeys: string[] | undefined;
    if (kind !== 'Pod' && rng.chance(0.4)) {
      secretName = `${name}-secrets`;
      secretKeys = rng.sample(SECRET_KEYS, rng.range(1, 3));
      secret(w, secretName, 'Opaque', secretKeys, { labels: selector });
    }
    let configName: string | undefined;
    if (kind !== 'Pod' && rng.chance(0.5)) {
      configName = `${name}-config`;
      configMap(
        w,
        configName,
        {
          'config.yaml': `server:\n  port: 8080\nlogLevel: info\nenvironment: ${env}\n`,
          flags: rng.chance(0.5) ? 'new-checkout=true,dark-mode=false' : 'none',
        },
        { labels: selector },
      );
    }

    const web = kind === 'Deployment' && (WEB_APPS.has(base) || (showcase && first));
    const portStyle =
      kind === 'StatefulSet'
        ? 'db'
        : kind === 'Deployment'
          ? showcase && first
            ? 'http'
            : rng.weighted<'http' | 'http-unnamed' | 'grpc' | 'none'>([
                ['http', web ? 85 : 60],
                ['http-unnamed', 12],
                ['grpc', base === 'grpc-server' ? 200 : 10],
                ['none', base === 'worker' || base === 'consumer' ? 200 : 10],
              ])
          : 'none';
    const metrics = kind !== 'Pod' && kind !== 'Job' && rng.chance(0.35);
    const image =
      kind === 'StatefulSet'
        ? STATEFUL_IMAGES[base]!
        : kind === 'Pod'
          ? rng.pick(['nicolaka/netshoot:latest', 'docker.io/library/busybox:latest', 'postgres:16'])
          : appImage(rng, ctx, team, base);
    const built: AppTemplate = appTemplate(rng, ctx, {
      app: name,
      team,
      env,
      level,
      labels: podLabels,
      serviceAccountName: sa,
      accountAutomountOff,
      image,
      portStyle,
      dbPort: STATEFUL_PORTS[base],
      metrics,
      secretName,
      secretKeys,
      configName,
      pullSecret: regcred && image.startsWith(ctx.cloud.registry) && rng.chance(0.5) ? 'regcred' : undefined,
      gpu,
      restartPolicy: kind === 'Job' || kind === 'CronJob' ? (rng.chance(0.5) ? 'OnFailure' : 'Never') : undefined,
      dataVolume: kind === 'StatefulSet' ? 'data' : undefined,
      annotations:
        metrics && rng.chance(0.6) ? { 'prometheus.io/port': '9090', 'prometheus.io/scrape': 'true' } : undefined,
    });
    const t = built.template;
    const app: App = {
      name,
      kind,
      selector,
      podLabels,
      serviceAccount: sa,
      web,
      metrics,
      stateful: kind === 'StatefulSet' ? base : undefined,
    };
    const mainPort = built.ports.find((p) => p.name !== 'metrics');
    if (mainPort) app.targetPort = mainPort.name ?? mainPort.containerPort;

    switch (kind) {
      case 'Deployment': {
        const replicas = Math.min(remaining, gpu ? rng.range(2, 8) : deploymentReplicas(rng));
        remaining -= replicas;
        deployment(w, {
          name,
          labels: controllerLabels,
          annotations,
          selector,
          template: t,
          replicas,
          previousReplicaSet: (showcase && first) || rng.chance(0.3),
          perPodBuildId: (showcase && first) || rng.chance(0.08),
        });
        break;
      }
      case 'StatefulSet': {
        const replicas = Math.min(
          remaining,
          rng.weighted([
            [1, 40],
            [3, 50],
            [5, 10],
          ]),
        );
        remaining -= replicas;
        const headless = `${name}-headless`;
        statefulSet(w, {
          name,
          labels: controllerLabels,
          selector,
          template: t,
          replicas,
          serviceName: headless,
          claims: [{ name: 'data', storage: rng.pick(['8Gi', '20Gi', '50Gi', '100Gi']) }],
          storageClass: STORAGE_CLASS[ctx.cloud.provider],
        });
        const dbPort = STATEFUL_PORTS[base]!;
        service(w, {
          name: headless,
          labels: controllerLabels,
          selector,
          publishNotReadyAddresses: true,
          headless: true,
          ports: [{ name: 'tcp-db', port: dbPort, targetPort: app.targetPort ?? dbPort }],
        });
        if (rng.chance(0.6) || showcase) {
          service(w, {
            name,
            labels: controllerLabels,
            selector,
            ports: [{ name: 'tcp-db', port: dbPort, targetPort: app.targetPort ?? dbPort }],
          });
          app.service = { name, port: dbPort, portName: 'tcp-db' };
        } else {
          app.service = { name: headless, port: dbPort, portName: 'tcp-db' };
        }
        break;
      }
      case 'CronJob': {
        const running = remaining > 0 && (rng.chance(0.7) || showcase);
        if (running) remaining -= 1;
        cronJob(w, {
          name,
          labels: controllerLabels,
          template: t,
          schedule: rng.pick(['*/15 * * * *', '0 * * * *', '0 3 * * *', '30 2 * * 0', '*/5 * * * *']),
          running,
        });
        break;
      }
      case 'Job': {
        const parallelism = Math.max(1, Math.min(remaining, rng.chance(0.85) ? 1 : rng.range(2, 8)));
        remaining -= parallelism;
        job(w, {
          name: `${name}-${rng.chars('bcdfghjklmnpqrstvwxz2456789', 5)}`,
          labels: controllerLabels,
          template: t,
          parallelism,
        });
        break;
      }
      case 'Pod': {
        remaining -= 1;
        barePod(w, { name, template: t });
        break;
      }
    }

    if (kind === 'Deployment' && app.targetPort !== undefined && (rng.chance(0.85) || (showcase && first))) {
      const named = typeof app.targetPort === 'string';
      const grpc = app.targetPort === 'grpc';
      const svcPort = grpc ? 50051 : named ? 80 : 8080;
      const portName = grpc ? 'grpc' : 'http';
      const ports = [
        { name: portName, port: svcPort, targetPort: app.targetPort, appProtocol: grpc ? 'grpc' : undefined },
      ];
      if (metrics) ports.push({ name: 'metrics', port: 9090, targetPort: 'metrics', appProtocol: undefined });
      const type = rng.weighted<'ClusterIP' | 'NodePort' | 'LoadBalancer'>([
        ['ClusterIP', 92],
        ['NodePort', 4],
        ['LoadBalancer', web ? 6 : 2],
      ]);
      service(w, {
        name,
        labels: controllerLabels,
        annotations: type === 'LoadBalancer' ? lbAnnotations(ctx, rng) : undefined,
        selector,
        ports,
        type,
        loadBalancerSourceRanges:
          type === 'LoadBalancer' && rng.chance(ctx.profile.sourceRanges) ? sourceRanges(rng) : undefined,
        externalIPs: type === 'ClusterIP' && rng.chance(0.01) ? [`192.0.2.${rng.range(10, 250)}`] : undefined,
      });
      app.service = { name, port: svcPort, portName };
      if (web && !(showcase && first)) {
        if (rng.chance(env === 'prod' ? 0.5 : 0.3)) appIngress(w, ns, app, rng.chance(0.65));
        else if (ns.gatewayAccess && rng.chance(0.4)) {
          route(w, {
            kind: 'HTTPRoute',
            name,
            parent: { name: 'public', namespace: 'gateway-system', sectionName: 'https' },
            hostnames: [hostFor(ns, name)],
            backend: { name, port: svcPort },
            labels: selector,
          });
        }
      }
    }

    // A role for the app's own account, as operators and leader-electing apps have.
    if (sa && rng.chance(0.25)) {
      const rules: JsonMap[] = [];
      if (rng.chance(0.5)) rules.push(rule('coordination.k8s.io', 'leases', 'get create update'));
      if (rng.chance(0.5)) rules.push(rule('core', 'configmaps', 'get list watch'));
      if (secretName && rng.chance(0.5)) rules.push(rule('core', 'secrets', 'get', secretName));
      if (rng.chance(0.4)) rules.push(rule('core', 'pods endpoints', 'get list watch'));
      if (rng.chance(0.2)) rules.push(rule('core', 'secrets', 'get list watch'));
      if (rules.length === 0) rules.push(rule('core events.k8s.io', 'events', 'create patch'));
      role(w, name, rules, { labels: controllerLabels });
      roleBinding(w, name, { kind: 'Role', name }, [serviceAccount(ns.name, sa)], { labels: controllerLabels });
    }
    apps.push(app);
  }

  if (showcase) showcaseObjects(w, ns, apps);
  if (ns.features.has('route-target')) {
    // A Service that a route in another namespace sends traffic to, with the grant that allows it.
    service(w, {
      name: 'shared-api',
      selector: apps[0]!.selector,
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    });
    referenceGrant(w, 'allow-routes-from-gateway-system', 'gateway-system', 'HTTPRoute');
  }
  if (rng.chance(0.15)) {
    service(w, {
      name: rng.pick(['payments-db', 'legacy-api', 'partner-api', 'search-cluster']),
      type: 'ExternalName',
      externalName: rng.pick([
        `db-${env}.cluster-c${rng.hex(11)}.${ctx.cloud.region}.rds.amazonaws.com`,
        'api.partner.example.net',
        `legacy.${env}.internal.example.com`,
      ]),
      ports: [],
    });
  }
  namespaceRbac(w, ns, apps);
  if (ctx.profile.teamNetworkPolicies) networkPolicies(w, ns, apps);
  return w.bucket;
}

function hostFor(ns: NamespacePlan, app: string): string {
  return ns.env === 'prod' ? `${app}.${ns.team}.example.com` : `${app}.${ns.env}.${ns.team}.example.com`;
}

function lbAnnotations(ctx: ClusterContext, rng: Rng): Labels | undefined {
  if (ctx.cloud.provider === 'aws') {
    return {
      'service.beta.kubernetes.io/aws-load-balancer-scheme': rng.chance(0.6) ? 'internet-facing' : 'internal',
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
    };
  }
  if (ctx.cloud.provider === 'azure' && rng.chance(0.4)) {
    return { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' };
  }
  if (ctx.cloud.provider === 'gcp' && rng.chance(0.4)) return { 'networking.gke.io/load-balancer-type': 'Internal' };
  return undefined;
}

function sourceRanges(rng: Rng): string[] {
  return rng.sample(['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24', '10.0.0.0/8', '0.0.0.0/0'], rng.range(1, 2));
}

function appIngress(w: NsScope, ns: NamespacePlan, app: App, tls: boolean): void {
  const host = hostFor(ns, app.name);
  const annotations: Labels = { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' };
  if (tls) {
    annotations['cert-manager.io/cluster-issuer'] = 'letsencrypt-prod';
    secret(w, `${app.name}-tls`, 'kubernetes.io/tls', ['tls.crt', 'tls.key'], {
      annotations: {
        'cert-manager.io/certificate-name': `${app.name}-tls`,
        'cert-manager.io/issuer-name': 'letsencrypt-prod',
      },
    });
  } else {
    annotations['nginx.ingress.kubernetes.io/ssl-redirect'] = 'false';
  }
  ingress(w, {
    name: app.name,
    host,
    serviceName: app.service!.name,
    port: typeof app.targetPort === 'string' ? { name: app.service!.portName! } : { number: app.service!.port },
    tlsSecret: tls ? `${app.name}-tls` : undefined,
    annotations,
    labels: app.selector,
  });
}

/** One of each exposure the analyser must understand, so even a small cluster has them all. */
function showcaseObjects(w: NsScope, ns: NamespacePlan, apps: App[]): void {
  const { rng } = w;
  const web = apps[0]!;
  const db = apps.find((a) => a.kind === 'StatefulSet');
  const port = [{ name: 'http', port: 80, targetPort: 'http' }];
  appIngress(w, ns, web, true);
  ingress(w, {
    name: `${web.name}-plain`,
    host: `plain.${hostFor(ns, web.name)}`,
    serviceName: web.service!.name,
    port: { number: 80 },
    annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' },
  });
  service(w, {
    name: `${web.name}-nodeport`,
    selector: web.selector,
    ports: port,
    type: 'NodePort',
    externalTrafficPolicy: 'Local',
  });
  service(w, { name: `${web.name}-public`, selector: web.selector, ports: port, type: 'LoadBalancer' });
  service(w, {
    name: `${web.name}-partners`,
    selector: web.selector,
    ports: port,
    type: 'LoadBalancer',
    loadBalancerSourceRanges: ['203.0.113.0/24', '198.51.100.16/28'],
  });
  service(w, {
    name: `${web.name}-vip`,
    selector: web.selector,
    ports: port,
    externalIPs: [`192.0.2.${rng.range(10, 250)}`],
  });
  service(w, {
    name: 'billing-provider',
    type: 'ExternalName',
    externalName: 'api.billing-provider.example.net',
    ports: [],
  });
  service(w, {
    name: `${web.name}-grpc`,
    selector: web.selector,
    ports: [{ name: 'grpc', port: 50051, targetPort: 50051, appProtocol: 'grpc' }],
  });
  route(w, {
    kind: 'HTTPRoute',
    name: web.name,
    parent: { name: 'public', namespace: 'gateway-system', sectionName: 'https' },
    hostnames: [`gw.${hostFor(ns, web.name)}`],
    backend: { name: web.service!.name, port: 80 },
    labels: web.selector,
  });
  route(w, {
    kind: 'GRPCRoute',
    name: `${web.name}-grpc`,
    parent: { name: 'public', namespace: 'gateway-system', sectionName: 'grpc' },
    hostnames: [`grpc.${hostFor(ns, web.name)}`],
    backend: { name: `${web.name}-grpc`, port: 50051 },
  });
  if (db?.service) {
    route(w, {
      kind: 'TLSRoute',
      name: db.name,
      parent: { name: 'public', namespace: 'gateway-system', sectionName: 'tls-passthrough' },
      hostnames: [`${db.name}.${ns.team}.example.com`],
      backend: { name: db.service.name, port: db.service.port },
    });
  }
}

function namespaceRbac(w: NsScope, ns: NamespacePlan, apps: App[]): void {
  const { rng } = w;
  const team = ns.team!;
  const prod = ns.env === 'prod';
  roleBinding(w, `${team}-developers`, { kind: 'ClusterRole', name: prod ? 'view' : 'edit' }, [
    group(`oidc:${team}-developers`),
  ]);
  if (prod || rng.chance(0.3))
    roleBinding(w, `${team}-leads`, { kind: 'ClusterRole', name: 'admin' }, [group(`oidc:${team}-leads`)]);
  if (rng.chance(0.3)) {
    const person = rng.pick(PEOPLE);
    roleBinding(
      w,
      `${person}-${rng.chance(0.8) ? 'edit' : 'admin'}`,
      { kind: 'ClusterRole', name: rng.chance(0.8) ? 'edit' : 'admin' },
      [user(`${person}@example.com`)],
    );
  }
  if (rng.chance(0.5)) {
    role(w, 'prometheus-k8s', [
      rule('core', 'services endpoints pods', 'get list watch'),
      rule('extensions networking.k8s.io', 'ingresses', 'get list watch'),
    ]);
    roleBinding(w, 'prometheus-k8s', { kind: 'Role', name: 'prometheus-k8s' }, [
      serviceAccount('monitoring', 'prometheus-k8s'),
    ]);
  }
  if (rng.chance(0.15))
    roleBinding(w, 'ci-deployer', { kind: 'ClusterRole', name: 'edit' }, [serviceAccount('ci', 'ci-deployer')]);
  const someAccount = apps.find((a) => a.serviceAccount)?.serviceAccount ?? 'default';
  if (ns.features.has('wildcard-role')) {
    role(w, 'namespace-superuser', [rule('*', '*', '*')]);
    roleBinding(w, 'namespace-superuser', { kind: 'Role', name: 'namespace-superuser' }, [
      serviceAccount(ns.name, someAccount),
      group(`oidc:${team}-leads`),
    ]);
  }
  if (ns.features.has('pods-exec')) {
    role(w, 'debug-exec', [
      rule('core', 'pods pods/log', 'get list watch'),
      rule('core', 'pods/exec pods/attach pods/portforward', 'create get'),
    ]);
    roleBinding(w, 'oncall-debug-exec', { kind: 'Role', name: 'debug-exec' }, [
      group('oncall'),
      user(`${rng.pick(PEOPLE)}@example.com`),
    ]);
  }
  if (ns.features.has('escalate')) {
    role(w, 'rbac-manager', [
      rule('rbac.authorization.k8s.io', 'roles rolebindings', 'get list create update bind escalate'),
      rule('core', 'serviceaccounts', 'impersonate'),
      rule('core', 'serviceaccounts/token', 'create'),
    ]);
    roleBinding(w, 'rbac-manager', { kind: 'Role', name: 'rbac-manager' }, [serviceAccount(ns.name, someAccount)]);
  }
  if (ns.features.has('dangling')) {
    const dangling = { [DANGLING_LABEL]: 'true' };
    roleBinding(w, 'legacy-deployer', { kind: 'Role', name: 'legacy-deployer' }, [serviceAccount(ns.name, 'default')], {
      labels: dangling,
    });
    roleBinding(
      w,
      'old-dashboards',
      { kind: 'ClusterRole', name: 'grafana-dashboards-legacy' },
      [group(`oidc:${team}-developers`)],
      {
        labels: dangling,
      },
    );
  }
}

function networkPolicies(w: NsScope, ns: NamespacePlan, apps: App[]): void {
  const { ctx, rng } = w;
  const p = ctx.profile;
  const denyIngress = rng.chance(p.defaultDenyIngress);
  const denyEgress = denyIngress && rng.chance(p.defaultDenyEgress);
  if (denyIngress && denyEgress) {
    networkPolicy(w, 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    networkPolicy(w, 'allow-dns', { egress: [dnsEgress()], podSelector: {}, policyTypes: ['Egress'] });
  } else if (denyIngress) {
    networkPolicy(w, 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
  }
  if (!denyIngress && !rng.chance(0.2)) return;
  if (denyIngress && rng.chance(0.3)) {
    networkPolicy(w, 'allow-same-namespace', {
      ingress: [{ from: [{ podSelector: {} }] }],
      podSelector: {},
      policyTypes: ['Ingress'],
    });
  }
  const served = apps.filter((a) => a.targetPort !== undefined);
  for (const app of served) {
    if (!rng.chance(p.allowRules)) continue;
    const ports: JsonMap[] = [{ port: app.targetPort!, protocol: 'TCP' }];
    const from: JsonMap[] = [];
    const callers = apps.filter((a) => a !== app && a.kind !== 'StatefulSet');
    if (callers.length > 0) {
      const caller = rng.pick(callers);
      from.push({ podSelector: { matchLabels: caller.selector } });
    }
    if (rng.chance(0.2)) {
      from.push({
        podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend'] }] },
      });
    }
    if (app.stateful) {
      // Other namespaces of the same team may use the database.
      from.push({ namespaceSelector: { matchLabels: { team: ns.team! } } });
    }
    const rules: JsonMap[] = [];
    if (from.length > 0) rules.push({ from, ports });
    if (app.web) {
      rules.push({
        from: [
          rng.chance(0.5)
            ? { namespaceSelector: namespaceNamed('ingress-nginx') }
            : {
                namespaceSelector: namespaceNamed('ingress-nginx'),
                podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
              },
        ],
        ports,
      });
    }
    if (app.metrics) {
      rules.push({
        from: [
          {
            namespaceSelector: namespaceNamed('monitoring'),
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      });
    }
    if (app.stateful === 'kafka' || app.stateful === 'cassandra' || app.stateful === 'elasticsearch') {
      rules.push({
        from: [{ podSelector: { matchLabels: app.selector } }],
        ports: [{ endPort: 7100, port: 7000, protocol: 'TCP' }],
      });
    }
    if (rng.chance(0.1)) {
      rules.push({
        from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.64.0.0/10', '10.96.0.0/12'] } }],
        ports,
      });
    }
    if (rules.length === 0) continue;
    networkPolicy(w, `allow-${app.name}`, {
      ingress: rules,
      podSelector: { matchLabels: app.selector },
      policyTypes: ['Ingress'],
    });
  }
  if (denyEgress) {
    for (const app of apps) {
      if (!rng.chance(p.allowRules * 0.5)) continue;
      const egress: JsonMap[] = [
        {
          ports: [{ port: 443, protocol: 'TCP' }],
          to: [
            {
              ipBlock: {
                cidr: '0.0.0.0/0',
                except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.169.254/32'],
              },
            },
          ],
        },
      ];
      const dbs = apps.filter((a) => a.stateful && a.targetPort !== undefined);
      if (dbs.length > 0) {
        const db = rng.pick(dbs);
        egress.push({
          ports: [{ port: db.targetPort!, protocol: 'TCP' }],
          to: [{ podSelector: { matchLabels: db.selector } }],
        });
      }
      networkPolicy(w, `allow-${app.name}-egress`, {
        egress,
        podSelector: { matchLabels: app.selector },
        policyTypes: ['Egress'],
      });
    }
  }
}
