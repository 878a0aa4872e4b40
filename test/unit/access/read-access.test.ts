import { mayRead } from '../../../lib/access/read-access';

const ROLE = 'arn:aws:sts::123456789012:assumed-role/crm-caller';

describe('mayRead', () => {
  it.each([
    ['its owner, owner only', ROLE, ROLE, 'owner', true],
    ['another principal, owner only', ROLE, 'arn:aws:iam::123456789012:user/someone', 'owner', false],
    ['a principal whose name starts like the owner, owner only', ROLE, `${ROLE}-admin`, 'owner', false],
    ['anyone, for a thing without an owner, owner only', undefined, ROLE, 'owner', false],
    ['anyone, for a thing without an owner, the account', undefined, ROLE, 'account', true],
    ['another principal, the account', ROLE, 'arn:aws:iam::123456789012:user/someone', 'account', true],
  ] as const)('lets %s read: %p', (_case, owner, principal, access, allowed) => {
    // Act
    const answer = mayRead(owner, principal, access);

    // Assess
    expect(answer).toBe(allowed);
  });
});
