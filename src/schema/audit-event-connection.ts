import { toEventFilter } from '../resolvers/event-filter-input.js';
import { listEvents } from '../resolvers/list-events.js';
import { selectedEventColumns } from '../resolvers/page-selection.js';
import { readDeps } from '../resolvers/loaders.js';
import { AuditEvent } from './audit-event.js';
import { AuditEventFilter, AuditEventOrder } from './audit-event-filter.js';
import { builder } from './builder.js';

builder.queryField('auditEvents', (t) =>
  t.connection(
    {
      type: AuditEvent,
      description:
        'Events matching a filter, one page at a time. Cursors are keyset positions over (eventTimestamp, ' +
        'eventId) at microsecond precision, so paging either way while events arrive never skips or repeats ' +
        'one. first/last default to 50, at most 1000.',
      args: {
        filter: t.arg({ type: AuditEventFilter }),
        orderBy: t.arg({ type: AuditEventOrder, defaultValue: 'TIMESTAMP_DESC' }),
      },
      resolve: (_root, { filter, orderBy, ...page }, context, info) =>
        listEvents(
          readDeps(context),
          toEventFilter(filter),
          orderBy ?? 'TIMESTAMP_DESC',
          page,
          selectedEventColumns(info),
        ),
    },
    {
      name: 'AuditEventConnection',
      fields: (c) => ({
        totalCount: c.int({
          description: 'Every event matching the filter (one COUNT, run only when this field is selected).',
          resolve: (connection) => connection.totalCount(),
        }),
      }),
    },
    { name: 'AuditEventEdge' },
  ),
);
