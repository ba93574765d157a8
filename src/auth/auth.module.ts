import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthMiddleware } from './auth.middleware.js';
import { AuthService } from './auth.service.js';
import { RolesGuard } from './roles.guard.js';

@Global()
@Module({
  providers: [AuthService, AuthMiddleware, { provide: APP_GUARD, useClass: RolesGuard }],
  exports: [AuthService, AuthMiddleware],
})
export class AuthModule {}
