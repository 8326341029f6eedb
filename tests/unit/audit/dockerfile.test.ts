import { describe, expect, it } from 'vitest';
import { contextCopies, finalUser, parseDockerfile, splitImage, stageHealthcheck } from '../../../src/audit/dockerfile.js';
import { secretAssignments } from '../../../src/audit/dockerfile-findings.js';

const DF = `# syntax=docker/dockerfile:1
ARG PY=3.12
FROM python:\${PY}-slim AS build
RUN apt-get update && \\
    # a comment inside a continuation
    apt-get install -y gcc
COPY requirements.txt .
RUN <<EOS
pip install -r requirements.txt
EOS
FROM build AS final
COPY --from=build /x /x
COPY ["src/", "/app/src/"]
USER app
HEALTHCHECK --interval=5s CMD true
EXPOSE 8000 9000/udp
`;

describe('parseDockerfile', () => {
  const df = parseDockerfile(DF);
  it('finds stages, resolves ARG defaults in FROM, and knows stage parents', () => {
    expect(df.stages.map((s) => [s.name, s.base, s.fromStage, s.fromLine])).toEqual([
      ['build', 'python:3.12-slim', false, 3],
      ['final', 'build', true, 11],
    ]);
  });
  it('joins continuation lines (dropping comments) and keeps first and last line', () => {
    const run = df.stages[0]!.instructions[0]!;
    expect([run.cmd, run.line, run.endLine, run.args]).toEqual(['RUN', 4, 6, 'apt-get update && apt-get install -y gcc']);
  });
  it('keeps heredocs inside their instruction', () => {
    const here = df.stages[0]!.instructions[2]!;
    expect([here.cmd, here.line, here.endLine]).toEqual(['RUN', 8, 10]);
    expect(df.stages[1]!.instructions[0]!.line).toBe(12);
  });
  it('USER, HEALTHCHECK and context copies', () => {
    const final = df.stages[1]!;
    expect(finalUser(df, final)).toBe('app');
    expect(stageHealthcheck(df, final)?.line).toBe(15);
    expect(contextCopies(final).map((c) => [c.sources, c.dest])).toEqual([[['src/'], '/app/src/']]);
  });
  it('splits image references', () => {
    expect(splitImage('python')).toEqual({ name: 'python', tag: null, digest: null });
    expect(splitImage('localhost:5000/a/b:1.2@sha256:abc')).toEqual({ name: 'localhost:5000/a/b', tag: '1.2', digest: 'sha256:abc' });
  });
  it('flags secret values in ENV/ARG, not references or placeholders', () => {
    expect(secretAssignments('API_TOKEN=abc123 LOG_LEVEL=info')).toEqual(['API_TOKEN']);
    expect(secretAssignments('DB_PASSWORD hunter2')).toEqual(['DB_PASSWORD']);
    expect(secretAssignments('DB_PASSWORD_FILE=/run/secrets/db')).toEqual([]);
    expect(secretAssignments('SECRET_KEY=${SECRET_KEY}')).toEqual([]);
    expect(secretAssignments('TOKEN=')).toEqual([]);
  });
});
