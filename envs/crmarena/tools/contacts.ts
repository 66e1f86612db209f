import { z } from 'zod';
import { to18 } from '../org/ids.js';
import { crmTool, failure } from './tool-kit.js';

export const getAccountIdByContactId = crmTool({
  name: 'get_account_id_by_contact_id',
  description: 'Returns the AccountId of a contact.',
  input: z.object({ contact_id: z.string().describe('the Contact Id') }),
  domain: 'customers',
  handler: ({ contact_id }, { world }) => {
    if (contact_id.trim() === '') return failure('contact_id must not be empty');
    const contact = world.index.contacts.get(to18(contact_id.trim()));
    return contact ? contact.AccountId : failure(`no Contact has the Id ${JSON.stringify(contact_id.slice(0, 40))}`, 'not_found');
  },
});
