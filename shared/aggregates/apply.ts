import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type CellWrite,
  type ContributionWrite,
  cellKeyOf,
  commitAggregates,
  type ItemKey,
  itemId,
  readCells,
  readContributions,
  readFieldContributions,
  readIndicatorContributions,
  type StoredCell,
} from '../storage/aggregate-store.ts';
import { valueOfKeyPart } from '../storage/keys.ts';
import {
  addToCell,
  type CellRef,
  type CellState,
  type Contribution,
  cellId,
  cellsOf,
  extremesOf,
  removeFromCell,
  sameContribution,
} from './groupings.ts';

/**
 * Keeps the aggregates equal to the projects' current indicator values.
 *
 * A stream record is only a hint that an indicator item changed: the aggregator reads the item
 * as it is now and the contribution it last counted for it, and moves the aggregates by the
 * difference. So a record delivered twice, late or out of order changes nothing once the
 * contribution matches the item, and a new report version's value replaces the old one's
 * (its groups too, when the region or status changed).
 *
 * The contributions and the aggregates they move are written in transactions of at most 100
 * items, each conditioned on the revisions read; when another writer got there first, the
 * chunk is read and worked out again. Minimum and maximum: adding a value can only move them
 * outwards; taking out a value equal to the minimum moves it only when no other contribution
 * equals it (`minCount`), and then the field's contributions are read (consistently) to find
 * the new one. That read grows with the field's projects, but only happens when the one
 * project holding a group's extreme changes its value or its group.
 */

export interface AggregateDeps {
  ddb: DynamoDBClient;
  table: string;
}

export interface AggregateOutcome {
  /** Indicator items looked at. */
  items: number;
  /** Contributions written (the rest already matched). */
  changed: number;
  /** Transactions retried because another writer changed an item first. */
  retries: number;
  /** Fields whose contributions were read to find a lost minimum or maximum. */
  rescans: number;
}

const MAX_TRANSACTION_ITEMS = 100;
const MAX_ATTEMPTS = 25;

interface Change {
  key: ItemKey;
  path: string;
  projectId: string;
  sha256?: string | undefined;
  previous: Contribution | undefined;
  rev: number | undefined;
  next: Contribution | undefined;
}

function pathOf(key: ItemKey): string {
  return valueOfKeyPart(key.SK.slice('INDICATOR#'.length));
}

function projectOf(key: ItemKey): string {
  return valueOfKeyPart(key.PK.slice('PROJECT#'.length));
}

function cellsOfChange(change: Change): CellRef[] {
  const cells = new Map<string, CellRef>();
  for (const c of [change.previous, change.next]) {
    if (!c) continue;
    for (const cell of cellsOf(change.path, c)) cells.set(cellId(cell), cell);
  }
  return [...cells.values()];
}

/** Splits changes into chunks whose contributions and aggregates fit one transaction. */
function chunksOf(changes: Change[]): Change[][] {
  // By field, then by the groups with the most values, so that a chunk's changes share cells.
  const order = (c: Change) => {
    const g = (c.next ?? c.previous)?.groups;
    return [c.path, g?.region, g?.priorityAxis, g?.managingAuthority, g?.programme].join('\u0000');
  };
  const keyed = changes.map((c) => [order(c), c] as const);
  keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const sorted = keyed.map(([, c]) => c);
  const chunks: Change[][] = [];
  let chunk: Change[] = [];
  let cells = new Set<string>();
  for (const change of sorted) {
    const ids = cellsOfChange(change).map(cellId);
    const union = new Set([...cells, ...ids]);
    if (chunk.length > 0 && chunk.length + 1 + union.size > MAX_TRANSACTION_ITEMS) {
      chunks.push(chunk);
      chunk = [];
      cells = new Set(ids);
    } else {
      cells = union;
    }
    chunk.push(change);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

async function changesOf(deps: AggregateDeps, keys: ItemKey[]): Promise<Change[]> {
  const [current, counted] = await Promise.all([
    readIndicatorContributions(deps.ddb, deps.table, keys),
    readContributions(deps.ddb, deps.table, keys),
  ]);
  const changes: Change[] = [];
  for (const key of keys) {
    const id = itemId(key);
    const now = current.get(id);
    const was = counted.get(id);
    if (sameContribution(now?.contribution, was?.contribution)) continue;
    changes.push({
      key,
      path: pathOf(key),
      projectId: now?.projectId || projectOf(key),
      sha256: now?.sha256,
      previous: was?.contribution,
      rev: was?.rev,
      next: now?.contribution,
    });
  }
  return changes;
}

/** Works out one chunk's writes from the aggregates as read; false if another writer won. */
async function commitChunk(deps: AggregateDeps, chunk: Change[], outcome: AggregateOutcome) {
  const refs = new Map<string, CellRef>();
  for (const change of chunk)
    for (const cell of cellsOfChange(change)) refs.set(cellId(cell), cell);
  const stored = await readCells(deps.ddb, deps.table, [...refs.values()]);
  const storedOf = (cell: CellRef): StoredCell | undefined => stored.get(itemId(cellKeyOf(cell)));
  const states = new Map<string, CellState | undefined>();
  for (const [id, cell] of refs) states.set(id, storedOf(cell)?.state);
  const lost = new Set<string>();
  for (const change of chunk) {
    if (change.previous) {
      for (const cell of cellsOf(change.path, change.previous)) {
        const id = cellId(cell);
        const state = states.get(id);
        // A contribution is counted in its aggregates in the same transaction as itself, so an
        // aggregate without it was read after another writer moved the contribution on: the
        // contributions read before are stale, and the chunk is read and worked out again.
        if (!state) return false;
        const removed = removeFromCell(state, change.previous.value);
        states.set(id, removed.cell);
        if (removed.extremesLost) lost.add(id);
      }
    }
    if (change.next) {
      for (const cell of cellsOf(change.path, change.next)) {
        const id = cellId(cell);
        states.set(id, addToCell(states.get(id), change.next.value));
      }
    }
  }
  const lostCells = [...lost].filter((id) => states.get(id) !== undefined);
  if (lostCells.length > 0) {
    const pending = new Map(chunk.map((c) => [itemId(c.key), c.next]));
    for (const path of new Set(lostCells.map((id) => refs.get(id)?.path ?? ''))) {
      outcome.rescans += 1;
      const all = await readFieldContributions(deps.ddb, deps.table, path);
      for (const [id, next] of pending) {
        if (!chunk.some((c) => c.path === path && itemId(c.key) === id)) continue;
        if (next) all.set(id, next);
        else all.delete(id);
      }
      const valuesByCell = new Map<string, bigint[]>();
      for (const contribution of all.values()) {
        for (const cell of cellsOf(path, contribution)) {
          const id = cellId(cell);
          if (!lost.has(id)) continue;
          valuesByCell.set(id, [...(valuesByCell.get(id) ?? []), contribution.value]);
        }
      }
      for (const id of lostCells) {
        if (refs.get(id)?.path !== path) continue;
        const state = states.get(id);
        const values = valuesByCell.get(id) ?? [];
        if (!state || values.length !== state.count) return false;
        states.set(id, { ...state, ...extremesOf(values) });
      }
    }
  }
  const contributions: ContributionWrite[] = chunk.map((c) => ({
    indicatorKey: c.key,
    path: c.path,
    projectId: c.projectId,
    sha256: c.sha256,
    next: c.next,
    rev: c.rev,
  }));
  const cells: CellWrite[] = [...refs].map(([id, cell]) => ({
    cell,
    next: states.get(id),
    rev: storedOf(cell)?.rev,
  }));
  return commitAggregates(deps.ddb, deps.table, contributions, cells);
}

/**
 * Brings the aggregates of these indicator items (by key: `PROJECT#<id>` / `INDICATOR#<path>`)
 * up to date with the items as they are now.
 */
export async function refreshAggregates(
  deps: AggregateDeps,
  indicatorKeys: ItemKey[],
): Promise<AggregateOutcome> {
  const keys = [...new Map(indicatorKeys.map((k) => [itemId(k), k])).values()];
  const outcome: AggregateOutcome = { items: keys.length, changed: 0, retries: 0, rescans: 0 };
  let pending = keys;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new Error(
        `Aggregates: ${pending.length} items still contended after ${attempt} attempts`,
      );
    }
    if (attempt > 0) {
      outcome.retries += 1;
      await new Promise((r) => setTimeout(r, Math.min(500, 5 * 2 ** attempt * Math.random())));
    }
    const changes = await changesOf(deps, pending);
    const again: ItemKey[] = [];
    for (const chunk of chunksOf(changes)) {
      if (await commitChunk(deps, chunk, outcome)) outcome.changed += chunk.length;
      else again.push(...chunk.map((c) => c.key));
    }
    pending = again;
  }
  return outcome;
}
