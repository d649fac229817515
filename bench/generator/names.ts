/** Word lists the generator draws names from. */

function words(text: string): readonly string[] {
  return text.trim().split(/\s+/);
}

export const TEAMS = words(`
  payments checkout orders inventory search catalog identity billing ledger fraud risk shipping logistics pricing
  recommendations ads analytics data ml notifications messaging mobile storefront growth marketing support crm
  reporting media video streaming maps partners onboarding accounts rewards loyalty tax compliance audit devex docs
  gaming chat reviews booking travel insurance lending trading`);

/** Teams whose production namespace runs GPU workloads when the cluster has a GPU pool. */
export const GPU_TEAMS = new Set(['ml', 'recommendations', 'video']);

export const APPS = words(`
  api web frontend backend worker consumer producer gateway auth session notifier mailer webhook admin dashboard
  reporter ingest processor aggregator indexer renderer scheduler sync importer exporter bff graphql grpc-server events
  stream router validator enricher resolver uploader thumbnailer matcher scorer ranker tracker`);

/** Apps that face users and get an Ingress or HTTPRoute more often. */
export const WEB_APPS = new Set(['api', 'web', 'frontend', 'gateway', 'bff', 'graphql', 'dashboard', 'admin']);

export const STATEFUL_APPS = words(
  'postgres redis kafka zookeeper elasticsearch mongodb rabbitmq cassandra minio etcd',
);

export const CRON_APPS = words('cleanup report backup sync-catalog rotate-keys reindex digest purge');
export const JOB_APPS = words('db-migrate seed-data backfill schema-upgrade reprocess');

export const PEOPLE = words(`
  alice bob carol dave erin frank grace heidi ivan judy mallory niaj olivia peggy rupert sybil trent victor walter
  yasmin zoe omar priya kenji lena`);

/** Images of the stateful apps, as real charts pin them. */
export const STATEFUL_IMAGES: Record<string, string> = {
  postgres: 'docker.io/bitnami/postgresql:16.2.0-debian-12-r6',
  redis: 'docker.io/library/redis:7.2.4-alpine',
  kafka: 'docker.io/bitnami/kafka:3.7.0',
  zookeeper: 'docker.io/bitnami/zookeeper:3.9.2',
  elasticsearch: 'docker.elastic.co/elasticsearch/elasticsearch:8.13.0',
  mongodb: 'docker.io/library/mongo:7.0.8',
  rabbitmq: 'docker.io/library/rabbitmq:3.13-management',
  cassandra: 'docker.io/library/cassandra:4.1',
  minio: 'quay.io/minio/minio:RELEASE.2024-04-06T05-26-02Z',
  etcd: 'quay.io/coreos/etcd:v3.5.13',
};

export const STATEFUL_PORTS: Record<string, number> = {
  postgres: 5432,
  redis: 6379,
  kafka: 9092,
  zookeeper: 2181,
  elasticsearch: 9200,
  mongodb: 27017,
  rabbitmq: 5672,
  cassandra: 9042,
  minio: 9000,
  etcd: 2379,
};

export const SIDECAR_IMAGES = words(`
  docker.io/envoyproxy/envoy:v1.29.3 cr.fluentbit.io/fluent/fluent-bit:3.0.2
  gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.10.1 docker.io/oliver006/redis_exporter:v1.59.0`);

export const INIT_IMAGES = words('docker.io/library/busybox:1.36 docker.io/library/alpine:3.19 busybox:latest');

/** Public base images that teams run unchanged (some unpinned, some :latest). */
export const PUBLIC_IMAGES = words(`
  docker.io/library/nginx:1.25.4 docker.io/library/nginx:latest docker.io/library/python:3.12-slim node:20-alpine
  docker.io/library/golang:1.22 nginx ubuntu:22.04 docker.io/library/httpd:2.4`);
