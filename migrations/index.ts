// Every migration, in order. `npm run migration:generate -- <Name>` appends new ones here.
import { CreateOutboxAndInbox1763800000000 } from './1763800000000-CreateOutboxAndInbox.js';

export const migrations = [CreateOutboxAndInbox1763800000000];
