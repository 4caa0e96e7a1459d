import { badFilter } from './event-filter.js';

/** Relay connection arguments. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Page size when neither `first` nor `last` is given, and the largest accepted. */
export const PAGE_SIZE = { default: 50, max: 1000 } as const;

export interface PagePlan {
  size: number;
  /** `last` / `before` paging: read backwards from `before`, then restore the order. */
  backward: boolean;
}

export function planPage(args: PageArgs): PagePlan {
  if (args.first != null && args.last != null) throw badFilter('last', 'give first or last, not both');
  const backward = args.last != null || (args.before != null && args.first == null);
  const argument = backward ? 'last' : 'first';
  const size = (backward ? args.last : args.first) ?? PAGE_SIZE.default;
  if (!Number.isInteger(size) || size < 0) throw badFilter(argument, `${argument} must not be negative`);
  if (size > PAGE_SIZE.max) {
    throw badFilter(argument, `${argument} may be at most ${PAGE_SIZE.max}`);
  }
  return { size, backward };
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * Builds a page from rows read in scan order with one extra row (size + 1). The extra row tells
 * whether more lie ahead in the scan direction; the other direction is judged by the presence of a
 * cursor, as the Relay specification allows when an exact answer costs another query.
 */
export function toPage<T>(rows: T[], plan: PagePlan, args: PageArgs, cursorOf: (row: T) => string): Page<T> {
  const more = rows.length > plan.size;
  const taken = rows.slice(0, plan.size);
  if (plan.backward) taken.reverse();
  const edges = taken.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: plan.backward ? args.before != null : more,
      hasPreviousPage: plan.backward ? more : args.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
