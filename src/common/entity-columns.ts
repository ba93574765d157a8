import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { DateTimeScalar } from './scalars/index.js';

/** Columns every plan record has: a UUID, when it was made and changed, and a version for optimistic locking. */
// isAbstract: without an @ObjectType of its own, the schema would not inherit `id` into the types built on it.
@ObjectType({ isAbstract: true })
export abstract class VersionedEntity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}

/** Exposes updatedAt and version in the schema, for types whose contract shows them. */
@ObjectType({ isAbstract: true })
export abstract class VersionedPublicEntity extends VersionedEntity {
  @Field(() => DateTimeScalar)
  declare updatedAt: Date;

  @Field(() => Int, { description: 'Rises by one on every change; pass it back as expectedVersion' })
  declare version: number;
}
