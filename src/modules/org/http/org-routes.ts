import { RouteDocs } from '../../../common/http/api-route.decorator';
import { Route, RouteAccess } from '../../../common/http/route.decorator';
import { Role } from '../domain/role';

/** Who changes the organisation: administrators. */
export const ADMINS: RouteAccess = [Role.ADMIN];

/**
 * The `DELETE :id` of a department, team or user, for ADMINs: 204 once it is deactivated (the row stays for what
 * refers to it), or 404.
 */
export const Deactivation = (summary: string, docs: Omit<RouteDocs, 'summary'> = {}): MethodDecorator =>
  Route.noContent('DELETE', ':id', { ...docs, summary, notFound: '', access: ADMINS }, 'Deactivated');
