package mongo

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	mdb "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"hubdir/content"
)

// Collections of the staff workspace: sessions by the hash of their
// secret, sign-in failure counters by key.
const (
	collSessions = "sessions"
	collLogins   = "logins"
)

// CreateSession stores a new session; ErrConflict if its ID exists.
func (s *Store) CreateSession(ctx context.Context, ss *content.Session) error {
	ss.CreatedAt = ss.CreatedAt.UTC().Truncate(time.Millisecond)
	ss.LastSeen = ss.LastSeen.UTC().Truncate(time.Millisecond)
	_, err := s.db.Collection(collSessions).InsertOne(ctx, ss)
	return storeError(err)
}

// Session returns the session id; ErrNotFound when there is none.
func (s *Store) Session(ctx context.Context, id string) (*content.Session, error) {
	return get[content.Session](ctx, s.db.Collection(collSessions), "session", id)
}

// TouchSession sets the session's last-seen time: one $set by _id, which
// needs no lock (the last writer wins, and any of them is right).
func (s *Store) TouchSession(ctx context.Context, id string, at time.Time) error {
	_, err := s.db.Collection(collSessions).UpdateOne(ctx, byID(id),
		bson.D{{Key: "$set", Value: bson.D{{Key: "last_seen", Value: at.UTC().Truncate(time.Millisecond)}}}})
	return storeError(err)
}

// DeleteSession deletes the session id, if it exists.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.db.Collection(collSessions).DeleteOne(ctx, byID(id))
	return storeError(err)
}

// DeleteSessions deletes every session of the staff member email.
func (s *Store) DeleteSessions(ctx context.Context, email string) error {
	_, err := s.db.Collection(collSessions).DeleteMany(ctx, bson.D{{Key: "email", Value: email}})
	if errors.Is(err, mdb.ErrNoDocuments) {
		return nil
	}
	return storeError(err)
}

// LoginState returns the sign-in failure state of key; a zero state (with
// the key) when nothing was counted.
func (s *Store) LoginState(ctx context.Context, key string) (*content.LoginState, error) {
	st, err := get[content.LoginState](ctx, s.db.Collection(collLogins), "login", key)
	if content.ErrorCode(err) == content.CodeNotFound {
		return &content.LoginState{Key: key}, nil
	}
	return st, err
}

// LoginFailed counts one failed sign-in of key at now. The count starts
// again when the previous lock has passed or the window since the first
// counted failure has; reaching p.Limit locks the key for p.LockFor. On
// FerretDB the read-modify-write takes the key's lock.
func (s *Store) LoginFailed(ctx context.Context, key string, now time.Time, p content.LoginPolicy) (*content.LoginState, error) {
	unlock, err := s.lock(ctx, collLogins+"/"+key)
	if err != nil {
		return nil, err
	}
	defer unlock()
	st, err := s.LoginState(ctx, key)
	if err != nil {
		return nil, err
	}
	now = now.UTC().Truncate(time.Millisecond)
	switch {
	case st.Locked(now):
		return st, nil // locked: the lock is not extended
	case !st.LockedUntil.IsZero(), st.Failures == 0, now.Sub(st.Since) > p.Window:
		st = &content.LoginState{Key: key, Since: now}
	}
	st.Failures++
	if st.Failures >= p.Limit {
		st.LockedUntil = now.Add(p.LockFor)
	}
	_, err = s.db.Collection(collLogins).ReplaceOne(ctx, byID(key), st, options.Replace().SetUpsert(true))
	if err != nil {
		return nil, storeError(err)
	}
	return st, nil
}

// LoginSucceeded forgets key's failures, unless key is locked: a lock
// that the last reserved attempt set stays until it passes, even when that
// attempt was right, so that attempts racing with it are not checked.
func (s *Store) LoginSucceeded(ctx context.Context, key string) error {
	unlock, err := s.lock(ctx, collLogins+"/"+key)
	if err != nil {
		return err
	}
	defer unlock()
	st, err := s.LoginState(ctx, key)
	if err != nil {
		return err
	}
	if st.Locked(s.now()) {
		return nil
	}
	_, err = s.db.Collection(collLogins).DeleteOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "v", Value: st.V}})
	return storeError(err)
}

// DeleteSessionsExcept deletes every session of the staff member email
// but keep (a session ID; "" keeps none).
func (s *Store) DeleteSessionsExcept(ctx context.Context, email, keep string) error {
	filter := bson.D{{Key: "email", Value: email}}
	if keep != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$ne", Value: keep}}})
	}
	_, err := s.db.Collection(collSessions).DeleteMany(ctx, filter)
	if errors.Is(err, mdb.ErrNoDocuments) {
		return nil
	}
	return storeError(err)
}

// LoginReserve reserves one sign-in attempt of key at now under policy p,
// before the password is checked: the attempt is counted as a failure at
// once (LoginSucceeded forgets it). It returns the new state and true, or
// the state and false when key is locked (nothing counted). The last
// reservation within the limit locks the key, so that at most p.Limit
// passwords are ever checked per window, however many attempts run at
// once: each reservation writes only the state version it read (and holds
// the key's lock on FerretDB), and a writer that lost the race reads again.
func (s *Store) LoginReserve(ctx context.Context, key string, now time.Time, p content.LoginPolicy) (*content.LoginState, bool, error) {
	unlock, err := s.lock(ctx, collLogins+"/"+key)
	if err != nil {
		return nil, false, err
	}
	defer unlock()
	c := s.db.Collection(collLogins)
	now = now.UTC().Truncate(time.Millisecond)
	for try := 0; try < 50; try++ {
		cur, err := get[content.LoginState](ctx, c, "login", key)
		exists := err == nil
		switch {
		case content.ErrorCode(err) == content.CodeNotFound:
			cur = &content.LoginState{Key: key}
		case err != nil:
			return nil, false, err
		}
		if cur.Locked(now) || (cur.LockedUntil.IsZero() && cur.Failures >= p.Limit && now.Sub(cur.Since) <= p.Window) {
			return cur, false, nil
		}
		next := *cur
		if !cur.LockedUntil.IsZero() || cur.Failures == 0 || now.Sub(cur.Since) > p.Window {
			next = content.LoginState{Key: key, Since: now, V: cur.V}
		}
		next.Failures++
		next.V++
		if next.Failures >= p.Limit {
			next.LockedUntil = now.Add(p.LockFor)
		}
		if !exists {
			if _, err := c.InsertOne(ctx, &next); err != nil {
				if mdb.IsDuplicateKeyError(err) {
					continue
				}
				return nil, false, storeError(err)
			}
			return &next, true, nil
		}
		res, err := c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "v", Value: cur.V}}, &next)
		if err != nil {
			return nil, false, storeError(err)
		}
		if res.MatchedCount == 1 {
			return &next, true, nil
		}
	}
	return nil, false, content.Errorf(content.CodeUnavailable, "sign-in state of %q: too much contention", key)
}
