import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendProblem } from './problem-response.js';

const JSON_TYPES = ['application/json', 'application/*+json'];
const UPLOAD_TYPES = ['multipart/form-data'];

/** Answers 415 for a request body that is neither JSON nor a multipart upload. */
export function mediaTypeMiddleware(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (!hasBody || req.is([...JSON_TYPES, ...UPLOAD_TYPES])) return next();
    sendProblem(req, res, {
      status: 415,
      detail: 'Send the request body as application/json (or multipart/form-data for uploads).',
    });
  };
}
