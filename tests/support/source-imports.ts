import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The project's root: paths below are relative to it. */
export const projectRoot = path.join(import.meta.dirname, '..', '..');

export const readSource = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');

/** Every TypeScript source under `dir` (relative to the root), tests left out. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** What a source imports at run time, as written (type-only imports skipped). */
export function runtimeImports(source: string): string[] {
  return [...source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
}

/** The project file an import of `from` names (`@/…` or a relative path), if it is one. */
export function resolveProjectImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('@/') && !spec.startsWith('.')) return undefined;
  const base = spec.startsWith('@/') ? spec.slice(2) : path.join(path.dirname(from), spec);
  const hit = ['.ts', '.tsx', '/index.ts', '/index.tsx']
    .map((ext) => base + ext)
    .find((f) => existsSync(path.join(projectRoot, f)));
  return hit ? path.normalize(hit) : undefined;
}

export const isClientSource = (source: string) => /^\s*['"]use client['"]/m.test(source);
/** A server action module: a form that imports it gets a reference to the server, not its code. */
export const isServerActionSource = (source: string) => /^\s*['"]use server['"]/m.test(source);
