import { CreateOrganisationSchema1763769600000 } from './1763769600000-create-organisation-schema';
import { CreateAuthTokens1763770000000 } from './1763770000000-create-auth-tokens';
import { CreateTicketsSchema1763771000000 } from './1763771000000-create-tickets-schema';
import { CreateNotificationsSchema1763773000000 } from './1763773000000-create-notifications-schema';
import { CreateServiceCatalog1764200000000 } from './1764200000000-create-service-catalog';
import { AddOutboxStreamSequence1764500000000 } from './1764500000000-add-outbox-stream-sequence';
import { CreateSavedViews1764700000000 } from './1764700000000-create-saved-views';
import { CreateAccessRequests1764700100000 } from './1764700100000-create-access-requests';
import { CreateMacros1764700200000 } from './1764700200000-create-macros';
import { CreateApprovals1764810000000 } from './1764810000000-create-approvals';
import { AddTicketLinksAndRawInboundMail1764820000000 } from './1764820000000-add-ticket-links-and-raw-inbound-mail';
import { CreateMailboxesAndEncryptWebhookSecrets1764820100000 } from './1764820100000-create-mailboxes-and-encrypt-webhook-secrets';
import { CreateSlaSchema1764830000000 } from './1764830000000-create-sla-schema';
import { CoverReportIndexes1764830100000 } from './1764830100000-cover-report-indexes';
import { CreateAuditLog1764840000000 } from './1764840000000-create-audit-log';
import { AddTicketMerge1764840100000 } from './1764840100000-add-ticket-merge';
import { CreateNotificationRules1764840200000 } from './1764840200000-create-notification-rules';
import { AddOutboxTraceContext1764850000000 } from './1764850000000-add-outbox-trace-context';
import { CoverAgentReportColumns1764861000000 } from './1764861000000-cover-agent-report-columns';
import { TrackEventAndDeliveryCompletion1764862000000 } from './1764862000000-track-event-and-delivery-completion';
import { IndexTicketsByStatusAndPriority1764920000000 } from './1764920000000-index-tickets-by-status-and-priority';
import { CountTicketsByStatusAndPriority1764920100000 } from './1764920100000-count-tickets-by-status-and-priority';
import { NumberTicketsFromMonthlySequences1764930000000 } from './1764930000000-number-tickets-from-monthly-sequences';
import { CountTicketTotalsByScopeBranch1764990000000 } from './1764990000000-count-ticket-totals-by-scope-branch';
import { ResolveTicketsClosedWithoutResolving1765000000000 } from './1765000000000-resolve-tickets-closed-without-resolving';
import { StoreEncryptedSecretsOfAnyDocumentedLength1765100000000 } from './1765100000000-store-encrypted-secrets-of-any-documented-length';

/** Every migration in order; the test harness runs them from here, the built app from dist/migrations. */
export const ALL_MIGRATIONS = [
  CreateOrganisationSchema1763769600000,
  CreateAuthTokens1763770000000,
  CreateTicketsSchema1763771000000,
  CreateNotificationsSchema1763773000000,
  CreateServiceCatalog1764200000000,
  AddOutboxStreamSequence1764500000000,
  CreateSavedViews1764700000000,
  CreateAccessRequests1764700100000,
  CreateMacros1764700200000,
  CreateApprovals1764810000000,
  AddTicketLinksAndRawInboundMail1764820000000,
  CreateMailboxesAndEncryptWebhookSecrets1764820100000,
  CreateSlaSchema1764830000000,
  CoverReportIndexes1764830100000,
  CreateAuditLog1764840000000,
  AddTicketMerge1764840100000,
  CreateNotificationRules1764840200000,
  AddOutboxTraceContext1764850000000,
  CoverAgentReportColumns1764861000000,
  TrackEventAndDeliveryCompletion1764862000000,
  IndexTicketsByStatusAndPriority1764920000000,
  CountTicketsByStatusAndPriority1764920100000,
  NumberTicketsFromMonthlySequences1764930000000,
  CountTicketTotalsByScopeBranch1764990000000,
  ResolveTicketsClosedWithoutResolving1765000000000,
  StoreEncryptedSecretsOfAnyDocumentedLength1765100000000,
];
