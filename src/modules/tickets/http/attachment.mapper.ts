import '@fastify/multipart';
import { Attachment } from '../domain/ticket';
import { AttachmentResponseDto } from './attachment.dto';

export const toAttachmentResponse = (a: Attachment): AttachmentResponseDto => ({
  id: a.id,
  ticketId: a.ticketId,
  messageId: a.messageId,
  uploaderId: a.uploaderId,
  filename: a.filename,
  contentType: a.contentType,
  sizeBytes: a.sizeBytes,
  sha256: a.sha256,
  createdAt: a.createdAt.toISOString(),
});
