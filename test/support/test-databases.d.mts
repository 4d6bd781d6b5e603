export declare const PG_SERVER: string;
export declare const MAINTENANCE_URL: string;
export declare const FILE_DATABASE_PREFIX: string;
export declare function newTemplateName(): string;
export declare function currentTemplateName(): string;
export declare function isStaleTestDatabase(name: string, now?: number): boolean;
