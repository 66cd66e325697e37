import { Injectable } from '@nestjs/common';
import type { Abstract, ClassProvider, Type } from '@nestjs/common';

const portOf = new WeakMap<Type, Abstract<unknown>>();

/**
 * Declares, beside the adapter, the port (the abstract class used as injection token) it is bound to, so a module
 * lists the adapter once with `adapters(...)` instead of repeating `{ provide: Port, useClass: Adapter }`. The
 * compiler checks that the adapter's instances are a `Port`. An adapter is a provider: it is made `@Injectable()` too.
 */
export function Implements<P>(port: Abstract<P>) {
  return (adapter: Type<P>): void => {
    const bound = portOf.get(adapter);
    if (bound && bound !== port) throw new Error(`${adapter.name} already implements ${bound.name}`);
    portOf.set(adapter, port);
    Injectable()(adapter);
  };
}

/** A class provider per adapter, each bound to the port its `@Implements` names (same token, default scope). */
export function adapters(...classes: Type[]): ClassProvider[] {
  return classes.map((adapter) => {
    const port = portOf.get(adapter);
    if (!port) throw new Error(`${adapter.name} declares no @Implements(port)`);
    return { provide: port, useClass: adapter };
  });
}
