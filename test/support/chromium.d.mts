// Types of chromium.mjs (a plain ES module, shared with scripts/screenshots.mjs).
import type { Browser } from 'playwright-core';

export declare const CHROMIUM_PATH: string;
export declare function launchChromium(): Promise<Browser>;
