import { AuthUser } from './auth-user';
import { KnownUser, RecentUsers, USER_CACHE_MS } from './recent-users';

const known = (id: string, sessionVersion = 0): KnownUser => ({
  user: { id } as AuthUser,
  sessionVersion,
  keptSession: null,
});

describe(RecentUsers.name, () => {
  it('keeps a user for USER_CACHE_MS', () => {
    const r = new RecentUsers();
    r.set('u', known('u'), r.mark(), 1000);
    expect(r.get('u', 1000 + USER_CACHE_MS - 1)).toEqual(known('u'));
    expect(r.get('u', 1000 + USER_CACHE_MS)).toBeUndefined();
  });

  it('does not keep a read that was under way when the user was forgotten (it may be stale)', () => {
    const r = new RecentUsers();
    const mark = r.mark(); // a request starts reading the user…
    r.forget('u'); // …the user is deactivated meanwhile…
    r.set('u', known('u'), mark); // …and the stale read comes back
    expect(r.get('u')).toBeUndefined();
    r.set('u', null, r.mark());
    expect(r.get('u')).toBeNull();
  });
});
