/**
 * What the test stack knows about well-known images: where their data lives (→ tmpfs)
 * and how to ask them whether they are ready (→ healthcheck), and which commands are
 * keep-alive hacks rather than real work.
 */
export type ImageKind = 'postgres' | 'mysql' | 'mariadb' | 'mongo' | 'redis' | 'rabbitmq';

export function imageKind(image: string | undefined): ImageKind | undefined {
  if (!image) return undefined;
  // registry/namespace/name:tag@digest → name
  const name = image.split('@')[0].split('/').pop()!.split(':')[0].toLowerCase();
  if (/^(postgres|postgresql|postgis|pgvector|timescaledb(-ha)?)$/.test(name)) return 'postgres';
  if (name === 'mariadb') return 'mariadb';
  if (/^(mysql|mysql-server|percona|percona-server)$/.test(name)) return 'mysql';
  if (name === 'mongo' || name === 'mongodb' || name === 'mongodb-community-server') return 'mongo';
  if (/^(redis|redis-stack|redis-stack-server)$/.test(name)) return 'redis';
  if (name === 'rabbitmq') return 'rabbitmq';
  return undefined;
}

export const DATA_DIRS: Record<ImageKind, string> = {
  postgres: '/var/lib/postgresql/data',
  mysql: '/var/lib/mysql',
  mariadb: '/var/lib/mysql',
  mongo: '/data/db',
  redis: '/data',
  rabbitmq: '/var/lib/rabbitmq',
};

/** Healthcheck `test:` per kind (flow YAML). `$$` keeps `$` for the container's shell. */
export const HEALTH_TESTS: Record<ImageKind, string> = {
  // -h 127.0.0.1: during first init postgres listens on the socket only; TCP means really up.
  postgres: '["CMD-SHELL", "pg_isready -h 127.0.0.1 -U $${POSTGRES_USER:-postgres}"]',
  // mysqladmin ping exits 0 once the server answers, even if access is denied.
  mysql: '["CMD-SHELL", "mysqladmin ping -h 127.0.0.1 --silent"]',
  mariadb: '["CMD-SHELL", "healthcheck.sh --connect --innodb_initialized || mysqladmin ping -h 127.0.0.1 --silent"]',
  mongo: `["CMD-SHELL", "mongosh --quiet --eval 'db.adminCommand(\\"ping\\")' || mongo --quiet --eval 'db.adminCommand(\\"ping\\")'"]`,
  redis: '["CMD", "redis-cli", "ping"]',
  rabbitmq: '["CMD", "rabbitmq-diagnostics", "-q", "ping"]',
};

export function healthcheckLines(kind: ImageKind): string[] {
  return ['healthcheck:', `  test: ${HEALTH_TESTS[kind]}`, '  interval: 5s', '  timeout: 5s', '  retries: 30'];
}

/** A command that only keeps a container alive (so people can `exec` into it). */
export function keepAliveReason(command: string | string[] | undefined): string | undefined {
  if (command === undefined) return undefined;
  const text = (Array.isArray(command) ? command.join(' ') : command).replace(/\s+/g, ' ').trim();
  const inner = /^(?:\/bin\/)?(?:ba)?sh -c ["']?(.*?)["']?$/.exec(text)?.[1] ?? text;
  if (/^sleep (infinity|inf|\d{4,})$/.test(inner)) return `"${text}" only keeps the container alive`;
  if (/^tail -f \/dev\/null$/.test(inner)) return `"${text}" only keeps the container alive`;
  if (/^while (true|:); do sleep \d+; done;?$/.test(inner)) return `"${text}" only keeps the container alive`;
  return undefined;
}
