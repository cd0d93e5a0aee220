import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/** What the lock file holds: the holder's pid and, where the system tells, when it started. */
type Holder = { pid: number; started?: string };

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * When a process started, as Linux tells it: the boot id and the start time in clock ticks
 * (`/proc/<pid>/stat`, field 22). A pid is reused by other programs, after a reboot or a
 * container restart even by this very server; pid and start time together name one process.
 * Undefined where there is no /proc: then the pid alone is compared.
 */
function startedOf(pid: number | 'self'): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name in field 2 may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields[19];
  if (!ticks) return undefined;
  const boot = readProc('/proc/sys/kernel/random/boot_id')?.trim();
  return boot ? `${boot}:${ticks}` : ticks;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock written by an older version holds the bare pid. */
function parseHolder(text: string): Holder | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (Number.isInteger(parsed)) return { pid: parsed as number };
    const { pid, started } = (parsed ?? {}) as Record<string, unknown>;
    if (Number.isInteger(pid))
      return { pid: pid as number, started: typeof started === 'string' ? started : undefined };
  } catch {
    // not JSON
  }
  return undefined;
}

/** Whether the process named in the lock still runs; false for a pid now used by another program. */
function holderRuns(holder: Holder): boolean {
  if (!isAlive(holder.pid)) return false;
  const started = startedOf(holder.pid);
  if (started === undefined) return true; // no /proc: the pid is all there is to go on
  if (holder.started !== undefined) return holder.started === started;
  // A bare pid from an older version: only a Node.js process (the server retitles itself
  // "next-server") can be the holder.
  const cmdline = readProc(`/proc/${holder.pid}/cmdline`) ?? '';
  return /node|next/i.test(cmdline);
}

/**
 * PGlite has no lock of its own: two processes on one data dir silently lose writes.
 * Take `<dir>/roster.lock` (O_EXCL, holding our pid and start time); a stale lock — its process
 * gone, or its pid now another program's — is replaced.
 * Returns the release function (also run at exit), so the directory can be handed to another
 * process once the database is closed.
 */
export function acquireDataDirLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'roster.lock');
  const self: Holder = { pid: process.pid, started: startedOf('self') };
  const content = JSON.stringify(self);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, content);
      closeSync(fd);
      const release = () => {
        try {
          if (readFileSync(file, 'utf8') === content) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return () => {
        process.off('exit', release);
        release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let text: string;
      try {
        text = readFileSync(file, 'utf8').trim();
      } catch {
        continue; // released in the meantime
      }
      const holder = parseHolder(text);
      // Held by this process already: the first holder releases it. (A bare pid equal to ours was
      // written by an earlier process: this one always writes its start time too.)
      if (holder && text.startsWith('{') && holder.pid === self.pid && holder.started === self.started) return () => {};
      if (holder && holder.pid !== self.pid && holderRuns(holder)) {
        throw new Error(
          `The embedded database in ${dir} is in use by another process (pid ${holder.pid}). ` +
            'Stop it, or give this process its own ROSTER_DATA_DIR, or set DATABASE_URL.',
        );
      }
      try {
        unlinkSync(file);
      } catch {
        // someone else removed it first
      }
    }
  }
  throw new Error(`Could not lock the embedded database in ${dir}.`);
}
