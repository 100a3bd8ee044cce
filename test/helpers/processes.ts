import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures.ts';

/** The parent pid of every process on this machine, read from /proc. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      map.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone while listing.
    }
  }
  return map;
}

/** A process and every process below it, parents first. */
export function processTree(pid: number): number[] {
  const byParent = parents();
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of byParent) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

export function isAlive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return state.slice(state.lastIndexOf(')') + 2, state.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export interface Listener {
  address: string;
  port: number;
  pid: number;
}

/** `0100007F` → `127.0.0.1`; a 32-digit tcp6 address → its IPv6 text (`::1`, `::`). */
function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
  }
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const word = hex.slice(i, i + 8);
    const bytes = [6, 4, 2, 0].map((j) => word.slice(j, j + 2)).join('');
    words.push(bytes.slice(0, 4), bytes.slice(4, 8));
  }
  const groups = words.map((w) => Number.parseInt(w, 16).toString(16));
  const text = groups.join(':');
  if (text === '0:0:0:0:0:0:0:1') return '::1';
  if (text === '0:0:0:0:0:0:0:0') return '::';
  if (text.startsWith('0:0:0:0:0:ffff:')) {
    const v4 = words.slice(6).join('');
    return `::ffff:${[0, 2, 4, 6].map((i) => Number.parseInt(v4.slice(i, i + 2), 16)).join('.')}`;
  }
  return text;
}

/** The listening TCP sockets (from /proc/net/tcp and tcp6) that these processes hold open. */
export function listeners(pids: number[]): Listener[] {
  const owner = new Map<string, number>();
  for (const pid of pids) {
    const fdDir = `/proc/${pid}/fd`;
    if (!existsSync(fdDir)) continue;
    for (const fd of readdirSync(fdDir)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(join(fdDir, fd)));
        if (match?.[1]) owner.set(match[1], pid);
      } catch {
        // Closed while listing.
      }
    }
  }
  const found: Listener[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [local, state, inode] = [cols[1], cols[3], cols[9]];
      if (!local || state !== '0A' || !inode) continue;
      const pid = owner.get(inode);
      if (pid === undefined) continue;
      const [hex = '', port = '0'] = local.split(':');
      found.push({ address: decodeAddress(hex), port: Number.parseInt(port, 16), pid });
    }
  }
  return found;
}

/** Ports nothing on this machine listens on any longer, of those given. */
export function closedPorts(ports: number[]): number[] {
  const open = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A') open.add(Number.parseInt(cols[1]?.split(':')[1] ?? '0', 16));
    }
  }
  return ports.filter((p) => !open.has(p));
}

export async function waitUntil(
  check: () => boolean,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return check();
}

/** Starts a command in the project folder, keeping what it writes on stderr. */
export function start(
  command: string,
  args: string[],
): { child: ChildProcess; stderr: () => string } {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  child.stdout?.resume();
  return { child, stderr: () => stderr };
}
