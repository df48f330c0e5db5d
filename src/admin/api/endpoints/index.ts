/** Every endpoint of the admin API, in the order the OpenAPI document lists them. */
import type { Endpoint } from '../endpoint.js';
import { appEndpoints } from './apps.js';
import { groupEndpoints } from './groups.js';
import { invitationEndpoints } from './invitations.js';
import { peopleEndpoints } from './people.js';

export const endpoints: Endpoint[] = [...appEndpoints, ...peopleEndpoints, ...groupEndpoints, ...invitationEndpoints];
