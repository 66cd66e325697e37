import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { RateLimitedError, ValidationFailedError } from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { EventPublisher } from '../../common/events/event-publisher';
import { RateLimiter, RateLimitState } from '../../common/rate-limit/rate-limiter';
import { PasswordHasher } from '../../common/security/password-hasher';
import { UnitOfWork } from '../../common/unit-of-work';
import { guestConfig } from '../../config/configuration';
import { PasswordSetup } from '../auth/password-setup.port';
import { normaliseEmail } from '../org/domain/user';
import { UserDirectory } from '../org/user-directory.port';
import { IncomingFile, StagedFile, TicketAttachments } from '../tickets/ticket-attachments.port';
import { TicketCommands } from '../tickets/ticket-commands.port';
import { Ticket } from '../tickets/domain/ticket';

export interface GuestSubmission {
  email: string;
  fullName: string;
  title: string;
  description: string;
  departmentId?: string;
}

/** How long the mailed set-password link of a new guest account works. */
export const GUEST_SETUP_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const GUEST_MAX_FILES = 5;
const HOUR = 3600;

const fingerprint = (email: string): string =>
  createHash('sha256').update(normaliseEmail(email)).digest('hex').slice(0, 32);

/**
 * Tickets from people without a session (`POST /public/tickets`). The answer is the same whatever the email: the
 * ticket is filed for the END_USER account of that address, made when there is none, and the address's owner
 * learns of it by mail, with a single-use link that sets a password when the account is new; the address of a
 * staff member, an ADMIN or a deactivated account files and mails nothing (see `file`). Throttled per IP and per
 * email in Redis, so the limits hold across instances.
 */
@Injectable()
export class GuestSubmissionService {
  private readonly logger = new Logger(GuestSubmissionService.name);
  private placeholderHash?: Promise<string>;

  constructor(
    private readonly users: UserDirectory,
    private readonly ticketCommands: TicketCommands,
    private readonly attachments: TicketAttachments,
    private readonly passwords: PasswordSetup,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly events: EventPublisher,
    private readonly uow: UnitOfWork,
    @Inject(guestConfig.KEY) private readonly config: ConfigType<typeof guestConfig>,
  ) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  /** the largest file a submission may carry, in bytes (ATTACHMENT_MAX_BYTES, as for uploads) */
  get maxFileBytes(): number {
    return this.attachments.maxBytes;
  }

  /** Counts a submission from `ip` against RATE_LIMIT_GUEST_PER_IP an hour. */
  countIp(ip: string): Promise<RateLimitState> {
    return this.limiter.hit(`guest-ip:${ip}`, this.config.perIpPerHour, HOUR);
  }

  /**
   * Files the ticket. The email's limit is counted first, then each file is checked and stored (413, 415), then the
   * account, the ticket, its attachments and the confirmation's event are written in one transaction; a refusal
   * anywhere leaves nothing behind.
   */
  async submit(input: GuestSubmission, files: AsyncIterable<IncomingFile>): Promise<{ pid: string }> {
    const state = await this.limiter.hit(
      `guest-email:${fingerprint(input.email)}`,
      this.config.perEmailPerHour,
      HOUR,
    );
    if (!state.allowed) throw new RateLimitedError(state.resetSeconds);
    const staged: StagedFile[] = [];
    try {
      for await (const file of files) {
        if (staged.length === GUEST_MAX_FILES) {
          file.stream.resume();
          throw new ValidationFailedError(`At most ${GUEST_MAX_FILES} files`, [
            { field: 'file', message: `at most ${GUEST_MAX_FILES} files` },
          ]);
        }
        staged.push(await this.attachments.stage(file));
      }
      const outcome = await this.uow.run(() => this.file(input, staged));
      if ('refused' in outcome) {
        // answered as if filed (no enumeration); the address is named by its fingerprint only
        await Promise.all(staged.map((f) => this.attachments.discard(f)));
        this.logger.warn(
          { emailFingerprint: fingerprint(input.email), reason: outcome.refused, pid: outcome.pid },
          'guest submission for an address of a staff or deactivated account: nothing filed, nothing sent',
        );
        return { pid: outcome.pid };
      }
      const ticket = outcome;
      this.logger.log(
        { ticketId: ticket.id, pid: ticket.pid, files: staged.length },
        'guest ticket received',
      );
      return { pid: ticket.pid };
    } catch (err) {
      await Promise.all(staged.map((f) => this.attachments.discard(f)));
      throw err;
    }
  }

  /**
   * Files the ticket for an active END_USER (made when the address has no account). The address of a staff member,
   * an ADMIN or a deactivated account files nothing and mails nothing: the submission is answered with a PID taken
   * from the same sequence, so the answer is the same as for a filed ticket.
   */
  private async file(
    input: GuestSubmission,
    staged: StagedFile[],
  ): Promise<Ticket | { refused: 'not an END_USER' | 'deactivated'; pid: string }> {
    const account = await this.account(input);
    if ('refused' in account)
      return { refused: account.refused, pid: await this.ticketCommands.takePid(input.departmentId) };
    const { requester, created } = account;
    const ticket = await this.ticketCommands.create(
      requester,
      { title: input.title, description: input.description, departmentId: input.departmentId },
      undefined,
      { channel: 'guest' }, // its confirmation carries the set-password link: see GUEST_TICKET_SUBMITTED
    );
    for (const file of staged) await this.attachments.attachStaged(ticket, requester.id, file, null);
    const setup = created ? await this.passwords.issueSetupToken(requester.id, GUEST_SETUP_TTL_MS) : null;
    await this.events.publish({
      type: EventType.GUEST_TICKET_SUBMITTED,
      aggregateId: ticket.id,
      actorId: requester.id,
      data: {
        userId: requester.id,
        ticketId: ticket.id,
        pid: ticket.pid,
        title: ticket.title,
        ...(setup ? { token: setup.token, expiresAt: setup.expiresAt.toISOString() } : {}),
      },
    });
    return ticket;
  }

  /**
   * The account of the address, made as an END_USER nobody can sign in to until they set a password; refused when
   * the account found (there before, or made meanwhile by someone else) is not an active END_USER.
   */
  private async account(
    input: GuestSubmission,
  ): Promise<{ requester: Actor; created: boolean } | { refused: 'not an END_USER' | 'deactivated' }> {
    const email = normaliseEmail(input.email);
    let created = false;
    let found = await this.users.findCredentialsByEmail(email);
    if (!found) {
      const made = await this.users.register({
        email,
        passwordHash: await this.unusablePassword(),
        fullName: input.fullName,
        role: Role.END_USER,
      });
      created = made !== null;
      found = await this.users.findCredentialsByEmail(email);
      if (!found) throw new Error('the account of a guest submission could not be found or made');
    }
    if (found.role !== Role.END_USER) return { refused: 'not an END_USER' };
    if (!found.isActive) return { refused: 'deactivated' };
    const state = await this.users.sessionState(found.id);
    return {
      created,
      requester: {
        id: found.id,
        role: found.role,
        departmentId: state?.departmentId ?? null,
        teamId: state?.teamId ?? null,
      },
    };
  }

  /**
   * The hash of a random secret nobody keeps, made once per process: a new guest account cannot be signed in to
   * until its owner sets a password, and a submission costs no hashing, so known and unknown emails take as long.
   */
  private unusablePassword(): Promise<string> {
    this.placeholderHash ??= this.hasher.hash(randomBytes(32).toString('base64url'));
    return this.placeholderHash;
  }
}
