export declare const PG_SERVER: string;
export declare const MAINTENANCE_URL: string;
export declare const TEMPLATE_DATABASE: string;
export declare const TEMPLATE_URL: string;
export declare const FILE_DATABASE_PREFIX: string;
