import type { Row } from '../api/formats.ts';
import type { QueryDeps } from '../api/queries.ts';
import type { Route, RouteInput } from '../api/routes.ts';
import { FormatSchema, ProjectCodeSchema } from '../api/schemas.ts';
import { NotFoundError } from '../errors.ts';
import * as z from '../schemas/zod.ts';
import { type ProgrammeDocument, programmeProjects } from './aggregate.ts';
import {
  ANNEX_VII_MISSING,
  annexIndicatorTables,
  annexTable1,
  INDICATOR_COLUMNS,
  TABLE_1_COLUMNS,
} from './annex-vii.ts';
import { documentsOf, LINK_REASONS, linkDocuments, normaliseCode } from './links.ts';
import { loadProgrammeDocuments } from './store.ts';

type AnyObject = z.ZodMiniObject;

/** The same shape as the `route` helper of shared/api/routes.ts, for the programme's routes. */
function route<P extends AnyObject, Q extends AnyObject, R>(definition: {
  method: 'GET';
  path: string;
  summary: string;
  params?: P;
  query?: Q;
  response: z.ZodMiniType<R>;
  table?: { columns: string[]; rows: (result: R) => Row[] };
  run: (
    deps: QueryDeps,
    input: Omit<RouteInput, 'params' | 'query'> & { params: z.infer<P>; query: z.infer<Q> },
  ) => Promise<R>;
}): Route {
  return definition as unknown as Route;
}

const LinkSchema = z.object({
  from: z.string(),
  to: z.string(),
  reason: z.enum(LINK_REASONS),
  confidence: z.enum(['high', 'medium', 'low']),
  detail: z.string(),
});

export const ProjectLinksSchema = z.object({
  project: z.string(),
  code: z.optional(z.string()),
  documents: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      projectId: z.optional(z.string()),
      code: z.optional(z.string()),
      name: z.optional(z.string()),
    }),
  ),
  links: z.array(LinkSchema),
  refused: z.array(LinkSchema),
});
export type ProjectLinks = z.infer<typeof ProjectLinksSchema>;

const ProgrammeQuerySchema = z.object({
  authority: z.string().check(z.minLength(1), z.maxLength(300)),
  period: z.string().check(z.regex(/^\d{4}\s*[-–]\s*\d{4}$/)),
  format: z.optional(FormatSchema),
});

const cell = z.optional(z.union([z.string(), z.number()]));
const AnnexTableSchema = z.object({
  authority: z.string(),
  period: z.string(),
  /** Annex VII columns our records do not hold: empty in every row. */
  missing: z.array(z.string()),
  items: z.array(z.record(z.string(), cell)),
});
type AnnexTable = z.infer<typeof AnnexTableSchema>;

/** The linked project a code names: its documents, the links that joined them and those refused. */
export function projectLinksOf(documents: ProgrammeDocument[], code: string): ProjectLinks {
  const bySha = new Map(documents.map((d) => [d.sha256, d]));
  const linkDocs = documents.flatMap((d) => documentsOf(d.sha256, d.record, d.projectId));
  const byId = new Map(linkDocs.map((d) => [d.id, d]));
  const wanted = normaliseCode(code);
  const project = linkDocuments(linkDocs).find(
    (p) =>
      p.key === code ||
      p.code === wanted ||
      p.documents.some((id) => byId.get(id)?.projectId === code),
  );
  if (!project || project.documents.every((id) => id.includes('#award-')))
    throw new NotFoundError(`Project ${code}`);
  return {
    project: project.key,
    ...(project.code ? { code: project.code } : {}),
    documents: project.documents.map((id) => {
      const d = byId.get(id);
      const record = bySha.get(id.split('#')[0] ?? '')?.record;
      return {
        id,
        kind: d?.kind ?? record?.kind ?? 'unknown',
        ...(d?.projectId ? { projectId: d.projectId } : {}),
        ...(d?.code ? { code: d.code } : {}),
        ...(d?.name ? { name: d.name } : {}),
      };
    }),
    links: project.links,
    refused: project.refused,
  };
}

async function annexRows(
  deps: QueryDeps,
  query: z.infer<typeof ProgrammeQuerySchema>,
  build: (projects: ReturnType<typeof programmeProjects>['projects'], period: string) => Row[],
): Promise<AnnexTable> {
  const documents = await loadProgrammeDocuments(deps.ddb, deps.s3, deps.table);
  const selection = { managingAuthority: query.authority, period: query.period };
  const { projects } = programmeProjects(documents, selection);
  const items = build(projects, query.period).map((row) =>
    Object.fromEntries(
      Object.entries(row).filter(
        (e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number',
      ),
    ),
  );
  return {
    authority: query.authority,
    period: query.period,
    missing: [...ANNEX_VII_MISSING],
    items,
  };
}

/**
 * The programme's routes, wired into the query API beside shared/api/routes.ts: a project's
 * linked documents, and the Annex VII data-transmission tables (JSON, CSV or XLSX).
 */
export const PROGRAMME_ROUTES: Route[] = [
  route({
    method: 'GET',
    path: '/projects/{code}/links',
    summary:
      'The documents about one project (report, project page, grant-decision rows) and why each is linked, with confidence',
    params: ProjectCodeSchema,
    query: z.object({ format: z.optional(FormatSchema) }),
    response: ProjectLinksSchema,
    table: {
      columns: ['from', 'to', 'reason', 'confidence', 'detail'],
      rows: (r) => r.links,
    },
    run: async (deps, { params }) =>
      projectLinksOf(await loadProgrammeDocuments(deps.ddb, deps.s3, deps.table), params.code),
  }),
  route({
    method: 'GET',
    path: '/programme/annex-vii/financial',
    summary:
      'Annex VII table 1 (Regulation (EU) 2021/1060): financial data by priority and fund of one managing authority and period',
    query: ProgrammeQuerySchema,
    response: AnnexTableSchema,
    table: { columns: [...TABLE_1_COLUMNS], rows: (r) => r.items },
    run: (deps, { query }) => annexRows(deps, query, (projects) => annexTable1(projects)),
  }),
  route({
    method: 'GET',
    path: '/programme/annex-vii/indicators',
    summary:
      'Annex VII tables 3 and 4 (Regulation (EU) 2021/1060): output and result indicators of one managing authority and period',
    query: ProgrammeQuerySchema,
    response: AnnexTableSchema,
    table: { columns: [...INDICATOR_COLUMNS], rows: (r) => r.items },
    run: (deps, { query }) =>
      annexRows(deps, query, (projects, period) => annexIndicatorTables(projects, period)),
  }),
];
