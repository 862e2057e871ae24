// Types for start-support.mjs (plain JavaScript: it runs before anything is built).
export declare const BUILD_STAMP: string;
export declare const DOWNLOAD_RETRY_MS: number;
export declare function buildSignature(root: string, inputs?: readonly string[]): string;
export declare function buildNeeded(root: string, inputs?: readonly string[], outputs?: readonly string[]): string | undefined;
export declare function recordBuild(root: string, inputs?: readonly string[]): void;
export declare function cacheDir(env?: NodeJS.ProcessEnv): string;
export declare function rememberedFailure(electronVersion: string, now?: number, env?: NodeJS.ProcessEnv): { reason: string; failedAt: number; retryAt: number } | undefined;
export declare function rememberFailure(electronVersion: string, reason: string, now?: number, env?: NodeJS.ProcessEnv): void;
export declare function explainDownloadFailure(output: string | undefined, options?: { timedOut?: boolean; env?: NodeJS.ProcessEnv }): string;
export declare function serveOptionsFromEnv(args: readonly string[], env?: NodeJS.ProcessEnv): { added: string[]; said: string[] };
export declare function electronEnvFromArgs(args: readonly string[]): { env: Record<string, string>; said: string[]; rest: string[]; problem?: string };
export declare const DEFAULT_PORT: number;
export declare function probePort(port: number, host: string): Promise<'free' | 'in-use' | string>;
export declare function browserModePort(args: readonly string[], env?: NodeJS.ProcessEnv, defaultPort?: number): Promise<{ added: string[]; said?: string }>;
