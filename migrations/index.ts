// Every migration, in order. `npm run migration:generate -- <Name>` appends new ones here.
import { CreateOutboxAndInbox1763800000000 } from './1763800000000-CreateOutboxAndInbox.js';
import { CreateIdentityAndAccess1763800100000 } from './1763800100000-CreateIdentityAndAccess.js';

export const migrations = [CreateOutboxAndInbox1763800000000, CreateIdentityAndAccess1763800100000];
