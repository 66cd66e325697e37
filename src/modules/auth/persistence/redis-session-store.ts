import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { SessionStore } from '../session-store';

@Injectable()
export class RedisSessionStore extends SessionStore {
  constructor(@Inject(Redis) private readonly redis: Redis) {
    super();
  }

  async denyAccessToken(jti: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds > 0) await this.redis.set(`auth:denied:${jti}`, '1', 'EX', ttlSeconds);
  }

  async isAccessTokenDenied(jti: string): Promise<boolean> {
    return (await this.redis.exists(`auth:denied:${jti}`)) === 1;
  }

  async carrySession(sessionId: string, generation: number, ttlSeconds: number): Promise<void> {
    await this.redis.set(`auth:carry:${sessionId}`, String(generation), 'EX', ttlSeconds);
  }

  async carriedGeneration(sessionId: string): Promise<number | null> {
    const value = await this.redis.get(`auth:carry:${sessionId}`);
    return value === null ? null : Number(value);
  }
}
