import { RouteDocs } from '../../../common/http/api-route.decorator';
import { Route } from '../../../common/http/route.decorator';
import { ADMINS } from '../../../common/auth/role';

/**
 * The `DELETE :id` of a department, team or user, for ADMINs: 204 once it is deactivated (the row stays for what
 * refers to it), or 404.
 */
export const Deactivation = (summary: string, docs: Omit<RouteDocs, 'summary'> = {}): MethodDecorator =>
  Route.remove(':id', { ...docs, summary, access: ADMINS, outcome: 'Deactivated' });
