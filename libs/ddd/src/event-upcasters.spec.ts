import { describe, expect, it } from '@jest/globals';
import { EventUpcasters } from './event-upcasters.js';

interface V1 {
  readonly name: string;
}
interface V2 {
  readonly firstName: string;
  readonly lastName: string;
}
interface V3 extends V2 {
  readonly middleName: string | null;
}

function upcasters(): EventUpcasters {
  return new EventUpcasters()
    .register<V1, V2>({
      from: 'things.ThingNamed.v1',
      to: 'things.ThingNamed.v2',
      upcast: ({ name }) => {
        const [firstName, ...rest] = name.split(' ');
        return { firstName, lastName: rest.join(' ') };
      },
    })
    .register<V2, V3>({ from: 'things.ThingNamed.v2', to: 'things.ThingNamed.v3', upcast: (p) => ({ ...p, middleName: null }) });
}

describe('EventUpcasters', () => {
  it('reads a stored event as the current version of its type, applying each step in order', () => {
    const stored = { eventId: 'e1', type: 'things.ThingNamed.v1', payload: { name: 'Ada King Lovelace' } };
    expect(upcasters().upcast(stored)).toEqual({
      eventId: 'e1',
      type: 'things.ThingNamed.v3',
      payload: { firstName: 'Ada', lastName: 'King Lovelace', middleName: null },
    });
    expect(upcasters().currentType('things.ThingNamed.v1')).toBe('things.ThingNamed.v3');
    expect(upcasters().currentType('things.ThingNamed.v2')).toBe('things.ThingNamed.v3');
  });

  it('leaves an event of the current version, or of a type without upcasters, as it is', () => {
    const current = { type: 'things.ThingNamed.v3', payload: { firstName: 'Ada', lastName: 'Lovelace', middleName: null } };
    expect(upcasters().upcast(current)).toBe(current);
    const other = { type: 'things.ThingMoved.v1', payload: {} };
    expect(upcasters().upcast(other)).toBe(other);
    expect(upcasters().currentType('things.ThingMoved.v1')).toBe('things.ThingMoved.v1');
  });

  it('only goes from one version of an event to the next, once', () => {
    const noop = (payload: unknown) => payload;
    expect(() =>
      new EventUpcasters().register({ from: 'things.ThingNamed.v1', to: 'things.ThingNamed.v3', upcast: noop }),
    ).toThrow(/from one version of an event to the next/);
    expect(() =>
      new EventUpcasters().register({ from: 'things.ThingNamed.v1', to: 'other.ThingNamed.v2', upcast: noop }),
    ).toThrow(/from one version of an event to the next/);
    expect(() => new EventUpcasters().register({ from: 'ThingNamed', to: 'things.ThingNamed.v2', upcast: noop })).toThrow(
      /from one version of an event to the next/,
    );
    expect(() => upcasters().register({ from: 'things.ThingNamed.v1', to: 'things.ThingNamed.v2', upcast: noop })).toThrow(
      /already has an upcaster/,
    );
  });
});
