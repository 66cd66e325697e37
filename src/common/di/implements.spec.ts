import { Injectable } from '@nestjs/common';
import { INJECTABLE_WATERMARK } from '@nestjs/common/constants';
import { Test } from '@nestjs/testing';
import { adapters, Implements } from './implements';

abstract class Clock {
  abstract now(): number;
}

abstract class Greeter {
  abstract greet(): string;
}

@Implements(Clock)
class FixedClock extends Clock {
  now(): number {
    return 42;
  }
}

@Implements(Greeter)
class ClockGreeter implements Greeter {
  constructor(private readonly clock: Clock) {}
  greet(): string {
    return `hello at ${this.clock.now()}`;
  }
}

@Injectable()
class Undeclared {}

describe('adapters', () => {
  it('binds each adapter to the port its @Implements names', () => {
    expect(adapters(FixedClock, ClockGreeter)).toEqual([
      { provide: Clock, useClass: FixedClock },
      { provide: Greeter, useClass: ClockGreeter },
    ]);
  });

  it('lets Nest resolve the ports, adapters depending on other ports', async () => {
    const module = await Test.createTestingModule({
      providers: adapters(FixedClock, ClockGreeter),
    }).compile();
    expect(module.get(Greeter).greet()).toBe('hello at 42');
    expect(module.get(Clock)).toBeInstanceOf(FixedClock);
  });

  it('makes an adapter injectable, as Nest marks an @Injectable() class', () => {
    expect(Reflect.getMetadata(INJECTABLE_WATERMARK, FixedClock)).toBe(true);
    expect(Reflect.getMetadata(INJECTABLE_WATERMARK, ClockGreeter)).toBe(true);
  });

  it('refuses an adapter that names no port', () => {
    expect(() => adapters(Undeclared)).toThrow('Undeclared declares no @Implements(port)');
  });

  it('refuses a second, different port on the same adapter', () => {
    expect(() => Implements(Greeter)(FixedClock as never)).toThrow('FixedClock already implements Clock');
  });
});
