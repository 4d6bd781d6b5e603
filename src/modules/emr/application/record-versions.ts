import type { QueryBus } from '@nestjs/cqrs';
import { GetRecordVersions, type RecordVersionView } from '../../audit/index.js';
import type { RecordedVersion } from '../domain/as-of.js';

/** Every version of one EMR record in the audit event store, oldest first (the snapshots its events carry). */
export async function recordVersions<S>(queries: QueryBus, resourceType: string, id: string): Promise<RecordedVersion<S>[]> {
  const versions = await queries.execute<GetRecordVersions, RecordVersionView[]>(new GetRecordVersions(resourceType, id));
  return versions.map((v) => ({ version: v.version, type: v.type, occurredAt: v.occurredAt, change: v.change as S }));
}
