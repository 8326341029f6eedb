import path from 'node:path';
import type { DockerfileInfo } from './dockerfile-findings.js';
import { makeFinding, type Finding } from './findings.js';

/**
 * Dependency manifests (requirements*.txt, Pipfile) that no Dockerfile installs are there for
 * host environments. A manifest counts as installed when a Dockerfile RUN names it (`pip install
 * -r …/dev.txt`, `pip-sync requirements.txt`, `pipenv install` for a Pipfile), or when an
 * installed manifest includes it (`-r base.txt`). Copying a folder of them is not enough: an
 * image that copies requirements/ and installs prod.txt leaves dev.txt to host venvs.
 */
export interface ManifestUse {
  /** Places outside Dockerfiles that install from it (`pip install -r` in scripts, CI, Makefiles). */
  localUses: { file: string; line: number }[];
}

export function dockerInstalled(infos: DockerfileInfo[]): Set<string> {
  const names = new Set<string>();
  for (const info of infos) {
    for (const st of info.df.stages) {
      for (const ins of st.instructions) {
        if (ins.cmd !== 'RUN') continue;
        for (const m of ins.args.matchAll(/[\w./-]*?([\w.-]+\.(?:txt|in))\b/g)) names.add(m[1]!);
        if (/pipenv\s+(install|sync)/.test(ins.args)) names.add('Pipfile');
      }
    }
  }
  return names;
}

/** Requirement files pulled in by other requirement files (`-r base.txt`). */
export function includedBy(text: string): string[] {
  return [...text.matchAll(/^\s*(?:-r|--requirement|-c|--constraint)[\s=]+(\S+)/gm)].map((m) => path.posix.basename(m[1]!));
}

export function requirementsFindings(
  manifests: { rel: string; firstLine: string; includes: string[] }[],
  infos: DockerfileInfo[],
  uses: Map<string, ManifestUse>,
): Finding[] {
  const installed = dockerInstalled(infos);
  const isConsumed = (rel: string): boolean => installed.has(path.posix.basename(rel));
  // A file included by a consumed file is consumed too.
  const consumedSet = new Set(manifests.filter((m) => isConsumed(m.rel)).map((m) => m.rel));
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of manifests) {
      if (!consumedSet.has(m.rel)) continue;
      for (const inc of m.includes) {
        const target = manifests.find((o) => path.posix.basename(o.rel) === inc && path.posix.dirname(o.rel) === path.posix.dirname(m.rel));
        if (target && !consumedSet.has(target.rel)) {
          consumedSet.add(target.rel);
          grew = true;
        }
      }
    }
  }
  const out: Finding[] = [];
  for (const m of manifests) {
    if (consumedSet.has(m.rel)) continue;
    const base = path.posix.basename(m.rel);
    const local = [...(uses.get(base)?.localUses ?? [])].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    const isPipfile = base === 'Pipfile';
    out.push(
      makeFinding({
        rule: isPipfile ? 'venv.tool-env' : 'venv.requirements-local',
        priority: 'medium',
        area: 'build config',
        file: m.rel,
        line: 1,
        evidence: m.firstLine,
        title: isPipfile
          ? 'Pipfile defines a Pipenv environment no image installs'
          : `\`${base}\` is only installed into host environments${local.length ? ` (${local.map((u) => `${u.file}:${u.line}`).join(', ')})` : ''}`,
        why: 'No Dockerfile installs these dependencies, so they only exist in host virtualenvs: the container and the developer environment disagree.',
        action: isPipfile
          ? 'Install the locked dependencies in the image (`pipenv install --system --deploy`), or convert to requirements the Dockerfile installs.'
          : 'Install them in the image (a `dev`/`test` stage of the Dockerfile), or delete the file if nothing needs it.',
        effort: 's',
      }),
    );
  }
  return out;
}
