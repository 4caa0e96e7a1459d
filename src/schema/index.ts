import { builder } from './builder.js';
import './scalars.js';
import './audit-event.js';
import './audit-event-recorded.js';
import './audit-limits.js';
import './record-audit-events.js';

export const schema = builder.toSchema({ sortSchema: true });
