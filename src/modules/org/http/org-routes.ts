import { ApiNoContent, RouteDocs } from '../../../common/http/api-route.decorator';

/**
 * Documents the `DELETE :id` of a department, team or user: 204 once it is deactivated (the row stays for what refers
 * to it), or 404. The route keeps its own `@HttpCode(204)`.
 */
export const ApiDeactivation = (summary: string, docs: Omit<RouteDocs, 'summary'> = {}): MethodDecorator =>
  ApiNoContent({ ...docs, summary, notFound: '' }, 'Deactivated');
