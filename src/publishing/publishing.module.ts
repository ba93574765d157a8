import { Module } from '@nestjs/common';
import { InitiativesModule } from '../initiatives/initiatives.module.js';
import { OverviewModule } from '../overview/overview.module.js';
import { RoundsModule } from '../rounds/rounds.module.js';
import { StrategyModule } from '../strategy/strategy.module.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';
import { OpenDataController } from './open-data.controller.js';
import { OpenDataService } from './open-data.service.js';
import { PageRenderer } from './page-renderer.js';
import { FileErrorFilter, StatusPageErrorFilter } from './publishing-errors.js';
import { PublicAnswers } from './public-answers.js';
import { RequestLoaders } from './request-loaders.js';
import { StatusPagesController } from './status-pages.controller.js';
import { StatusPagesService } from './status-pages.service.js';

/**
 * What the public may see, in the forms people use (DESIGN.md, "Publishing"): the status pages, the
 * exports and the open data. HTTP controllers and templates over the services GraphQL answers with
 * (overview, rounds, strategy, initiatives; and the status updates' loaders for one initiative's updates);
 * nothing depends on this module.
 */
@Module({
  imports: [OverviewModule, RoundsModule, StrategyModule, InitiativesModule],
  controllers: [StatusPagesController, ExportsController, OpenDataController],
  providers: [
    PageRenderer,
    PublicAnswers,
    RequestLoaders,
    StatusPagesService,
    ExportsService,
    OpenDataService,
    StatusPageErrorFilter,
    FileErrorFilter,
  ],
})
export class PublishingModule {}
