import { CreateOrganisationSchema1763769600000 } from './1763769600000-create-organisation-schema';

/** Every migration in order; the test harness runs them from here, the built app from dist/migrations. */
export const ALL_MIGRATIONS = [CreateOrganisationSchema1763769600000];
