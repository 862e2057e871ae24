// The part of the legacy `analytics-node` 6.x (a devDependency with no types of its own) that the
// tests use: see node_modules/analytics-node/index.js.
declare module 'analytics-node' {
  type Callback = (err?: Error, data?: unknown) => void;
  interface Options {
    host?: string;
    path?: string;
    flushAt?: number;
    flushInterval?: number;
    retryCount?: number;
    axiosRetryConfig?: { retryDelay?: (retryCount: number) => number };
    errorHandler?: (err: Error) => void;
  }
  export default class Analytics {
    constructor(writeKey: string, options?: Options);
    track(message: object, callback?: Callback): this;
    identify(message: object, callback?: Callback): this;
    group(message: object, callback?: Callback): this;
    page(message: object, callback?: Callback): this;
    screen(message: object, callback?: Callback): this;
    alias(message: object, callback?: Callback): this;
    flush(callback?: Callback): Promise<unknown>;
  }
}
