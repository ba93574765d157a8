import { ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/pagination/index.js';
import { Initiative } from '../entities/initiative.entity.js';

@ObjectType({ description: 'A page of initiatives; totalCount counts every initiative the filter matches' })
export class InitiativeConnection extends Connection(Initiative) {}
