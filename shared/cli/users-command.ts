import { ROLES, RoleSchema } from '../auth/principal.ts';
import { addUser, readUsers, usersPath } from '../auth/users.ts';
import { UsageError } from './explain-error.ts';
import type { CommandIo } from './extract-command.ts';
import { formatTable } from './table.ts';

export interface UsersArgs {
  action: string | undefined;
  name?: string | undefined;
  roles: string[];
  projects?: string | undefined;
  dataDir: string;
}

function rolesOf(values: string[]) {
  if (values.length === 0) throw new UsageError(`name a role with --role (${ROLES.join(', ')})`);
  return values
    .flatMap((v) => v.split(','))
    .map((role) => {
      const parsed = RoleSchema.safeParse(role.trim());
      if (!parsed.success)
        throw new UsageError(`--role ${role}: not a role; the roles are ${ROLES.join(', ')}`);
      return parsed.data;
    });
}

/**
 * `epm users add NAME --role ROLE [--projects A1,B2]` prints the new user's token once (only its
 * SHA-256 is kept, in `<data>/users.json`, owner-only); `epm users list` lists users and roles.
 */
export async function runUsers(args: UsersArgs, io: CommandIo): Promise<number> {
  if (args.action === 'add') {
    if (!args.name) throw new UsageError('name the user: epm users add NAME --role ROLE');
    const roles = rolesOf(args.roles);
    const projects = (args.projects ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (roles.includes('project-manager') && projects.length === 0) {
      throw new UsageError(
        'a project manager owns projects: add --projects CODE[,CODE…] with their project codes',
      );
    }
    const { user, token } = await addUser(args.dataDir, { name: args.name, roles, projects });
    io.out(token);
    io.err(
      `epm: user ${user.name} (${user.roles.join(', ')}${
        user.projects.length > 0 ? `; projects ${user.projects.join(', ')}` : ''
      }) added to ${usersPath(args.dataDir)}; the token above is shown once, only its hash is kept`,
    );
    io.err(
      `epm: sign in with Authorization: Bearer <token>, or act as the user with --as ${user.name}`,
    );
    return 0;
  }
  if (args.action === 'list') {
    const users = await readUsers(args.dataDir);
    io.out(
      formatTable(
        ['name', 'roles', 'projects', 'created'],
        [
          ['local', 'reviewer', '', "built in: epm serve's printed token"],
          ...users.map((u) => [u.name, u.roles.join(', '), u.projects.join(', '), u.createdAt]),
        ],
        60,
      ),
    );
    return 0;
  }
  throw new UsageError(
    args.action === undefined
      ? 'say what to do: epm users add NAME --role ROLE, or epm users list'
      : `'${args.action}' is not a users action; use add or list`,
  );
}
