import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EpmError } from '../errors.ts';
import * as z from '../schemas/zod.ts';
import { type Principal, RoleSchema } from './principal.ts';

/**
 * Local users of one data folder (`<data>/users.json`, owner-only): each with roles, the
 * projects a project manager owns, and the SHA-256 of their token; the token itself is printed
 * once by `epm users add` and kept nowhere.
 */
export const LocalUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema).check(z.minLength(1)),
  projects: z.array(z.string()),
  tokenSha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  createdAt: z.string(),
});
export type LocalUser = z.infer<typeof LocalUserSchema>;

const UsersFileSchema = z.object({ users: z.array(LocalUserSchema) });

/** The built-in user `epm serve`'s printed token belongs to: a reviewer. */
export const LOCAL_USER: Principal = Object.freeze({
  id: 'local',
  name: 'local',
  roles: ['reviewer'],
  projects: [],
}) as Principal;

/** A user name: letters, digits, dot, dash and underscore, as in a sign-in name. */
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class UserError extends EpmError {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function usersPath(dataDir: string): string {
  return join(resolve(dataDir), 'users.json');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function readUsers(dataDir: string): Promise<LocalUser[]> {
  const text = await readFile(usersPath(dataDir), 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return [];
  const parsed = UsersFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new UserError(
      `${usersPath(dataDir)} is not a users file: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data.users;
}

export function principalOf(
  user: Pick<LocalUser, 'id' | 'name' | 'roles' | 'projects'>,
): Principal {
  return { id: user.id, name: user.name, roles: user.roles, projects: user.projects };
}

/** Creates a user with a fresh token; the token is returned once and only its hash is kept. */
export async function addUser(
  dataDir: string,
  input: { name: string; roles: LocalUser['roles']; projects: string[] },
  now: Date = new Date(),
): Promise<{ user: LocalUser; token: string }> {
  if (!USER_NAME.test(input.name)) {
    throw new UserError(
      `user name '${input.name}': use 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit`,
    );
  }
  if (input.name === LOCAL_USER.name) {
    throw new UserError(`user name 'local' is the built-in user of epm serve's printed token`);
  }
  const users = await readUsers(dataDir);
  if (users.some((u) => u.name === input.name)) {
    throw new UserError(`user '${input.name}' already exists in ${usersPath(dataDir)}`);
  }
  const token = randomBytes(24).toString('base64url');
  const user: LocalUser = {
    id: randomUUID(),
    name: input.name,
    roles: [...new Set(input.roles)],
    projects: [...new Set(input.projects)],
    tokenSha256: tokenHash(token),
    createdAt: now.toISOString(),
  };
  const path = usersPath(dataDir);
  await mkdir(resolve(dataDir), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ users: [...users, user] }, null, 2)}\n`, {
    mode: 0o600,
  });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  return { user, token };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The user a bearer token belongs to, by its hash; undefined for an unknown token. */
export function userByToken(users: readonly LocalUser[], token: string): LocalUser | undefined {
  if (token === '') return undefined;
  const hash = tokenHash(token);
  return users.find((u) => sameHash(u.tokenSha256, hash));
}

/** The principal `--as NAME` acts as; an unknown name is an error naming the users file. */
export async function userByName(dataDir: string, name: string): Promise<Principal> {
  if (name === LOCAL_USER.name) return LOCAL_USER;
  const user = (await readUsers(dataDir)).find((u) => u.name === name);
  if (!user) {
    throw new UserError(
      `no user '${name}' in ${usersPath(dataDir)}; add one with 'epm users add ${name} --role ROLE'`,
    );
  }
  return principalOf(user);
}
