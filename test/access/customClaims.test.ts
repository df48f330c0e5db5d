import { resolveCustomClaims } from '../../src/access/customClaims.js';
import { checkClaimName, checkGroupName, parseClaimValue } from '../../src/access/names.js';

const group = (name: string, claims: Record<string, unknown>) => ({ name, claims: claims as never });

describe('custom claims: the collision rule', () => {
  it('gives the person’s own value over every group’s', () => {
    const resolved = resolveCustomClaims({ claims: { quota: 5 } }, [group('a', { quota: 100 }), group('b', { quota: ['x'] })]);
    expect(resolved.claims).toEqual({ quota: 5 });
    expect(resolved.conflicts).toEqual([]);
    expect(resolved.sources.quota).toEqual([{ from: 'person', value: 5 }, { from: 'group:a', value: 100 }, { from: 'group:b', value: ['x'] }]);
  });

  it('merges arrays from several groups, without repeats, in the order of the groups’ names', () => {
    // Created and read in the "wrong" order: the result must not depend on it.
    const resolved = resolveCustomClaims({ claims: {} }, [
      group('opencloud-admins', { roles: ['opencloudAdmin', 'user'] }),
      group('ocis-admins', { roles: ['ocisAdmin', 'user'] }),
    ]);
    expect(resolved.claims).toEqual({ roles: ['ocisAdmin', 'user', 'opencloudAdmin'] });
    expect(resolved.conflicts).toEqual([]);
  });

  it('merges arrays of objects by value', () => {
    const resolved = resolveCustomClaims({ claims: {} }, [group('a', { tags: [{ k: 1 }] }), group('b', { tags: [{ k: 1 }, { k: 2 }] })]);
    expect(resolved.claims.tags).toEqual([{ k: 1 }, { k: 2 }]);
  });

  it('lets the group whose name sorts first win a disagreement about a non-array value, and reports it', () => {
    const resolved = resolveCustomClaims({ claims: {} }, [group('zeta', { quota: '50GB' }), group('alpha', { quota: '100GB' }), group('mid', { other: 1 })]);
    expect(resolved.claims).toEqual({ quota: '100GB', other: 1 });
    expect(resolved.conflicts).toEqual([{ claim: 'quota', winner: 'alpha', groups: ['alpha', 'zeta'] }]);
  });

  it('treats a mix of an array and a scalar as a disagreement', () => {
    const resolved = resolveCustomClaims({ claims: {} }, [group('b', { role: ['x'] }), group('a', { role: 'y' })]);
    expect(resolved.claims.role).toBe('y');
    expect(resolved.conflicts.map((conflict) => conflict.claim)).toEqual(['role']);
  });

  it('does not report groups that give equal values', () => {
    const resolved = resolveCustomClaims({ claims: {} }, [group('a', { tier: { level: 2 } }), group('b', { tier: { level: 2 } })]);
    expect(resolved.claims).toEqual({ tier: { level: 2 } });
    expect(resolved.conflicts).toEqual([]);
  });
});

describe('names administrators may use', () => {
  it.each(['sub', 'email', 'Email', 'groups', 'GROUPS', 'updated_at', 'nonce', 'cnf', 'scope', 'client_id', 'azp', 'amr'])('refuses the reserved claim name %s', (name) => {
    expect(() => checkClaimName(name)).toThrow(expect.objectContaining({ code: 'claim_name_reserved' }));
  });

  it.each(['', '1abc', 'has space', 'a'.repeat(101), 'ünïcode', '$dollar'])('refuses the malformed claim name %j', (name) => {
    expect(() => checkClaimName(name)).toThrow(expect.objectContaining({ code: 'claim_name_invalid' }));
  });

  it('accepts plain and URI-style claim names', () => {
    expect(checkClaimName('roles')).toBe('roles');
    expect(checkClaimName('https://example.com/claims/tier')).toBe('https://example.com/claims/tier');
  });

  it('takes claim values as JSON only, up to 4096 bytes', () => {
    expect(parseClaimValue('["a","b"]')).toEqual(['a', 'b']);
    expect(parseClaimValue('{"k": null}')).toEqual({ k: null });
    expect(() => parseClaimValue('admin')).toThrow(expect.objectContaining({ code: 'claim_value_invalid' }));
    expect(() => parseClaimValue(JSON.stringify('x'.repeat(4100)))).toThrow(expect.objectContaining({ code: 'claim_value_invalid' }));
  });

  it('keeps group names lower case, so that two groups never differ only in case', () => {
    expect(checkGroupName(' Family ')).toBe('family');
    for (const bad of ['', '-x', 'a b', 'a/b', 'x'.repeat(65)]) {
      expect(() => checkGroupName(bad)).toThrow(expect.objectContaining({ code: 'group_name_invalid' }));
    }
  });
});
