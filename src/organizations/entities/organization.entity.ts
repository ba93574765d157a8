import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../common/entity-columns.js';

export enum OrganizationKind {
  MINISTRY = 'MINISTRY',
  AGENCY = 'AGENCY',
  MUNICIPALITY = 'MUNICIPALITY',
  COUNTY_MUNICIPALITY = 'COUNTY_MUNICIPALITY',
  ASSOCIATION = 'ASSOCIATION',
  OTHER = 'OTHER',
}
registerEnumType(OrganizationKind, { name: 'OrganizationKind' });

@ObjectType({ description: 'A ministry, agency, municipality or other body (virksomhet)' })
@Entity('organization')
export class Organization extends VersionedEntity {
  @Field({ description: 'Norwegian organisation number: 9 digits with a valid MOD11 check digit' })
  @Column({ name: 'org_number', type: 'char', length: 9 })
  @Index('uq_organization_org_number', { unique: true })
  orgNumber: string;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'short_name', type: 'varchar', length: 50, nullable: true })
  shortName: string | null;

  @Field(() => OrganizationKind)
  @Column({ type: 'varchar', length: 30 })
  kind: OrganizationKind;

  /**
   * Where reminders go when none of an initiative's contacts has an e-mail address; resolved as
   * `reportingEmail`, for signed-in callers only.
   */
  @Column({ name: 'reporting_email', type: 'varchar', length: 254, nullable: true })
  reportingEmail: string | null;

  /** The organisation it reports to; resolved by a field resolver as `parent`. */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;
}
