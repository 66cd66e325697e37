import 'reflect-metadata';
import { cliDataSource } from './cli-data-source';

/** For the TypeORM CLI (`npm run migration:revert`): `-d dist/infrastructure/database/data-source.js`. */
export default cliDataSource();
