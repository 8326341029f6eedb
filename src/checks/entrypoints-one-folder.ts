import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { contextCopies, type Dockerfile, type Instruction } from '../audit/dockerfile.js';
import { composeDockerfile, loadDockerProject } from '../audit/docker-project.js';
import { defineCheck, failed, passed, skipped } from './types.js';

const BROAD = new Set(['.', './', '*', './*']);

/** Words of an ENTRYPOINT/CMD (exec or shell form) that name a start script. */
export function scriptWords(args: string): string[] {
  let words: string[];
  try {
    words = args.trim().startsWith('[') ? (JSON.parse(args) as unknown[]).map(String) : args.split(/\s+/);
  } catch {
    words = args.split(/\s+/);
  }
  return words.map((w) => w.replace(/^["']|["']$/g, '')).filter((w) => /\.(sh|bash)$/.test(w) || /(^|\/)[\w.-]*entrypoint[\w.-]*$/i.test(w));
}

function workdirAt(df: Dockerfile, ins: Instruction): string {
  let wd = '/';
  for (const st of df.stages) for (const i of st.instructions) if (i.line < ins.line && i.cmd === 'WORKDIR') wd = path.posix.resolve(wd, i.args.trim());
  return wd;
}

/**
 * The project file an in-image path comes from, following the Dockerfile's COPYs: a COPY of
 * that file or of a folder holding it, else `COPY . <dest>`. null when it cannot be traced.
 */
function sourceOf(root: string, df: Dockerfile, ctx: string, imagePath: string, at: Instruction): string | null {
  const target = path.posix.resolve(workdirAt(df, at), imagePath);
  const inRepo = (p: string) => {
    const rel = path.posix.normalize(path.posix.join(ctx || '.', p));
    return !rel.startsWith('..') && existsSync(path.join(root, rel)) ? rel : null;
  };
  for (const st of df.stages) {
    for (const c of contextCopies(st)) {
      const dest = path.posix.resolve(workdirAt(df, c.ins), c.dest);
      for (const src of c.sources) {
        if (BROAD.has(src)) {
          if (target.startsWith(dest.replace(/\/?$/, '/'))) {
            const hit = inRepo(target.slice(dest.replace(/\/?$/, '/').length));
            if (hit) return hit;
          }
          continue;
        }
        if (dest === target || (c.dest.endsWith('/') && path.posix.join(dest, path.posix.basename(src)) === target)) {
          const hit = inRepo(src);
          if (hit) return hit;
        }
        // A folder copied whole (`COPY docker/ /docker/`).
        if (target.startsWith(dest.replace(/\/?$/, '/'))) {
          const hit = inRepo(path.posix.join(src, target.slice(dest.replace(/\/?$/, '/').length)));
          if (hit) return hit;
        }
      }
    }
  }
  // A bare name runs from PATH (`COPY docker-entrypoint.sh /usr/local/bin/`): match the file name.
  if (!imagePath.includes('/')) {
    for (const st of df.stages) for (const c of contextCopies(st)) for (const src of c.sources) if (path.posix.basename(src) === imagePath) {
      const hit = inRepo(src);
      if (hit) return hit;
    }
  }
  return null;
}

/**
 * The scripts containers start with (ENTRYPOINT/CMD in Dockerfiles, `entrypoint:`/`command:`
 * in compose, traced back to the project file through COPY or a bind mount) all live in one
 * folder, or in `dir` when given.
 */
export const entrypointsOneFolder = defineCheck({
  type: 'entrypoints.one-folder',
  schema: (z) => z.strictObject({
    type: z.literal('entrypoints.one-folder'),
    dir: z.string().min(1).optional().describe('The folder every entrypoint script must be in, e.g. docker/entrypoints (default: any one folder)'),
  }),
  describe: (spec) => `entrypoint scripts all in ${spec.dir ?? 'one folder'}`,
  async run(spec, ctx) {
    const project = loadDockerProject(ctx.root);
    const scripts = new Map<string, string[]>();
    const add = (file: string, ref: string) => scripts.set(file, [...(scripts.get(file) ?? []), ref]);
    const byRel = new Map(project.dockerfiles.map((d) => [d.rel, d.df]));
    for (const info of project.infos) {
      for (const st of info.df.stages) {
        for (const ins of st.instructions) {
          if (ins.cmd !== 'ENTRYPOINT' && ins.cmd !== 'CMD') continue;
          for (const w of scriptWords(ins.args)) {
            const src = info.contexts.map((c) => sourceOf(ctx.root, info.df, c, w, ins)).find(Boolean);
            if (src) add(src, `${info.rel}:${ins.line}`);
          }
        }
      }
    }
    for (const c of project.compose) {
      for (const s of c.services) {
        for (const cmd of s.commands) {
          for (const w of scriptWords(cmd.text)) {
            const bind = s.volumes.find((v) => v.type === 'bind' && v.target === w);
            let src: string | null = null;
            if (bind) {
              const rel = path.posix.normalize(path.posix.join(path.posix.dirname(c.rel), bind.source));
              if (existsSync(path.join(ctx.root, rel))) src = rel;
            } else if (s.build) {
              const r = composeDockerfile(c, s.build);
              const df = r && byRel.get(r.df);
              const last = df?.stages.at(-1)?.instructions.at(-1);
              if (df && last) src = sourceOf(ctx.root, df, r.ctx, w, { ...last, line: Number.MAX_SAFE_INTEGER });
            }
            if (src) add(src, `${c.rel}:${cmd.line}`);
          }
        }
      }
    }
    if (!scripts.size) return skipped('no container starts with a script from this project');
    const folders = new Map<string, string[]>();
    for (const file of scripts.keys()) folders.set(path.posix.dirname(file), [...(folders.get(path.posix.dirname(file)) ?? []), file]);
    const want = spec.dir?.replace(/\/$/, '');
    const misplaced = want ? [...scripts.keys()].filter((f) => path.posix.dirname(f) !== want) : folders.size > 1 ? [...scripts.keys()] : [];
    if (!misplaced.length) return passed(`${scripts.size} entrypoint script${scripts.size === 1 ? '' : 's'} in ${[...folders.keys()][0]}/`);
    const lines = misplaced.sort().map((f) => `${scripts.get(f)!.join(', ')}: starts ${f}`);
    const target = want ?? [...folders].sort((a, b) => b[1].length - a[1].length)[0]![0];
    return failed(`entrypoint scripts are in ${folders.size} folder${folders.size === 1 ? '' : 's'} (${[...folders.keys()].join(', ')}):\n${lines.join('\n')}\nFix: move them into ${target}/ and point each COPY (or bind mount) at the new path`);
  },
});
