import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveDev } from '../../../src/compose/derive-dev.js';
import { DiskProjectFs } from '../../../src/engine/disk-fs.js';
import { UserError } from '../../../src/engine/errors.js';
import { tempProject } from '../../helpers/context.js';

function fsWith(files: Record<string, string>): DiskProjectFs {
  const root = tempProject();
  for (const [f, t] of Object.entries(files)) writeFileSync(path.join(root, f), t);
  return new DiskProjectFs(root);
}

const SOURCE = `name: shop # the project
# top comment
x-base: &base
  image: web
  restart: always   # keep spacing
  container_name: shared-name
services:
  web:
    <<: *base
    container_name: "\${WEB_NAME:-web}"
    env_file: .env ## inline
    ports: ["8000:80"] # flow
    volumes:
      - ./.env:/app/.env
      - ./.env.example:/app/.env.example
    profiles: [full]
  db:
    image: postgres   # no container name
    env_file:
      - ./.env
      - path: .env
        required: false
networks:
  back:
    name: back-net
  proxy:
    external: true
    name: traefik
volumes:
  data:
    name: '\${VOL:-data}'
  plain: {}
`;

describe('deriveDev', () => {
  it('suffixes names, follows the env rename, drops top-level name:, and changes nothing else', async () => {
    const fs = fsWith({ 'docker-compose.yml': SOURCE });
    const r = await deriveDev(fs, 'docker-compose.yml', { project: 'shop-dev' });
    const expected = SOURCE
      .replace('name: shop # the project\n', '# the project\n')
      .replace('container_name: shared-name', 'container_name: shared-name-dev')
      .replace('"${WEB_NAME:-web}"', '"${WEB_NAME:-web}-dev"')
      .replace('env_file: .env ##', 'env_file: .env.dev ##')
      .replace('- ./.env:/app/.env', '- ./.env.dev:/app/.env')
      .replace('      - ./.env\n', '      - ./.env.dev\n')
      .replace('      - path: .env\n', '      - path: .env.dev\n')
      .replace('name: back-net', 'name: back-net-dev')
      .replace("name: '${VOL:-data}'", "name: '${VOL:-data}-dev'");
    expect(r.text).toBe(expected);
    expect(r.notes).toContain('no container_name on db: left as is; -p shop-dev names their containers apart');
    expect(r.notes.some((n) => /top-level name: "shop" dropped .* -p shop-dev/.test(n))).toBe(true);
    expect(r.sources).toEqual(['docker-compose.yml']);
  });

  it('keeps CRLF line endings and a missing final newline', async () => {
    const text = 'services:\r\n  a:\r\n    image: x\r\n    container_name: a';
    const r = await deriveDev(fsWith({ 'c.yml': text }), 'c.yml');
    expect(r.text).toBe('services:\r\n  a:\r\n    image: x\r\n    container_name: a-dev');
  });

  it('takes a custom suffix and env map', async () => {
    const r = await deriveDev(fsWith({ 'c.yml': 'services:\n  a:\n    image: x\n    container_name: a\n    env_file: env/app.env\n' }), 'c.yml', {
      suffix: '_local',
      envMap: { 'env/app.env': 'env/app.local.env' },
    });
    expect(r.text).toBe('services:\n  a:\n    image: x\n    container_name: a_local\n    env_file: env/app.local.env\n');
  });

  it('refuses fragments and overlays with file:line, and invalid YAML', async () => {
    const fs = fsWith({ 'o.yml': 'services:\n  web:\n    ports: ["1:1"]\n', 'bad.yml': 'services:\n  a:\n    image: x\n    image: y\n' });
    await expect(deriveDev(fs, 'o.yml')).rejects.toThrow(/^o\.yml:2:3: service web has neither image: nor build:/);
    await expect(deriveDev(fs, 'bad.yml')).rejects.toThrow('bad.yml:4:5: Map keys must be unique');
    await expect(deriveDev(fs, 'missing.yml')).rejects.toBeInstanceOf(UserError);
    await expect(deriveDev(fs, 'o.yml', { to: 'sub/o.dev.yml' })).rejects.toThrow(/same folder/);
  });
});

describe('deriveDev: names inherited from another file', () => {
  it('overrides a container_name that comes through extends: {file}', async () => {
    const fs = fsWith({
      'common.yml': 'services:\n  base:\n    image: x\n    container_name: shop-api\n',
      'c.yml': 'services:\n  api:\n    extends: {file: common.yml, service: base}\n    ports: ["80:80"]\n',
    });
    const r = await deriveDev(fs, 'c.yml');
    expect(r.text).toBe('services:\n  api:\n    extends: {file: common.yml, service: base}\n    ports: ["80:80"]\n    container_name: shop-api-dev\n');
    expect(r.notes).toContain('service api: container_name "shop-api" comes from another file (extends); overridden here with -dev');
  });
});
