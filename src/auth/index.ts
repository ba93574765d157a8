export { AuthService } from './auth.service.js';
export { CurrentViewer, Public, Roles, SignedIn } from './roles.decorator.js';
export { hasRole, isAdminOrOwnerOf, isStaff, Role, seesPeople, type Viewer } from './viewer.js';
