export { isStaffRole, Role, ROLES } from '../../../common/auth/role';
