import { execFileSync, spawnSync } from 'node:child_process';
import { constants, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface UserIds {
  uid: number;
  gid: number;
}

/** The ids of a system user, or undefined when it does not exist (/etc/passwd first: no PATH needed). */
export function userIds(name: string): UserIds | undefined {
  try {
    const entry = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((line) => line.split(':'))
      .find((fields) => fields[0] === name);
    if (entry) return { uid: Number(entry[2]), gid: Number(entry[3]) };
  } catch {
    // no /etc/passwd: ask id(1)
  }
  try {
    const id = (flag: string) =>
      Number(
        execFileSync('id', [flag, name], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim(),
      );
    const ids = { uid: id('-u'), gid: id('-g') };
    return Number.isInteger(ids.uid) && Number.isInteger(ids.gid) ? ids : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `user` may enter every directory down to `path` (for a file: run it). A path that does not exist yet
 * counts as reachable when its nearest existing ancestor is. Asked of the kernel by a short child process running
 * as that user, so modes, ACLs and group memberships all count.
 */
export function reachableBy(user: UserIds, path: string): boolean {
  let target = resolve(path);
  while (!existsSync(target) && dirname(target) !== target) target = dirname(target);
  const probe = `require('fs').accessSync(${JSON.stringify(target)}, ${constants.X_OK})`;
  const result = spawnSync(process.execPath, ['-e', probe], {
    uid: user.uid,
    gid: user.gid,
    stdio: 'ignore',
    cwd: '/',
    timeout: 10_000,
  });
  return result.status === 0;
}
