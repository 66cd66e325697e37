/**
 * What the client program of openapi-client.e2e-spec returns: the test reads it, and the program (which gets a copy
 * of this file beside it) must build it from the generated types without a cast.
 */
export interface FlowResult {
  id: string;
  pid: string;
  status: string;
  messageId: string;
  total: number;
  totalPages: number;
  listedIds: string[];
  fetchedId: string;
  requestId: string;
  missingStatus: number;
  missingCode: string | undefined;
}
