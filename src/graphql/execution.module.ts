import { Module } from '@nestjs/common';
import { JitExecutionPlugin } from './jit-execution.plugin.js';

/**
 * Compiled execution of queries. Imported last in AppModule: Apollo asks the plugins for an answer in the
 * order Nest finds them, and the response cache must be asked before a query is executed.
 */
@Module({ providers: [JitExecutionPlugin] })
export class ExecutionModule {}
