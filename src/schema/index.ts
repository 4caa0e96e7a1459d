import { builder } from './builder.js';
import './scalars.js';
import './audit-event.js';
import './audit-event-connection.js';
import './audit-event-count.js';
import './audit-event-filter.js';
import './audit-event-recorded.js';
import './api-token.js';
import './audit-limits.js';
import './correlation.js';
import './record-audit-events.js';

export const schema = builder.toSchema({ sortSchema: true });
