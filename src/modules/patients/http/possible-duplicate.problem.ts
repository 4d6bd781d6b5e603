import { PATIENT_STATUSES } from '../domain/patient-status.js';

/**
 * The 409 of a registration, as OpenAPI: problem details, and for
 * PATIENT.POSSIBLE_DUPLICATE the matches the caller may read plus a count of
 * the others (PossibleDuplicateError's details).
 */
export const REGISTRATION_CONFLICT_CONTENT = {
  'application/problem+json': {
    schema: {
      allOf: [
        { $ref: '#/components/schemas/ProblemDetails' },
        {
          type: 'object',
          description: 'Members present with code PATIENT.POSSIBLE_DUPLICATE only',
          properties: {
            candidates: {
              type: 'array',
              description:
                'The unmerged patients with the same name and date of birth that you may read (as GET /patients/{id} would ' +
                'decide), oldest first; no names or birth dates',
              items: {
                type: 'object',
                required: ['id', 'mrn', 'externalIdentifiers', 'registeringHospitalId', 'status'],
                properties: {
                  id: { type: 'string', format: 'uuid' },
                  mrn: { type: 'string', example: 'MRN0000000018' },
                  externalIdentifiers: {
                    type: 'array',
                    description: 'Other systems’ MRNs for the patient, as in GET /patients/{id}',
                    items: { $ref: '#/components/schemas/ExternalIdentifierResponse' },
                  },
                  registeringHospitalId: { type: 'string', format: 'uuid' },
                  status: { type: 'string', enum: PATIENT_STATUSES.filter((status) => status !== 'merged') },
                },
              },
            },
            candidatesOutsideScope: {
              type: 'integer',
              minimum: 0,
              description:
                'How many more such patients exist outside your scope: only counted, never identified. A registrar who can ' +
                'see them can check, or you confirm with ?allowDuplicate=true',
            },
          },
        },
      ],
    },
  },
};
