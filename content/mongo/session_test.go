package mongo_test

import (
	"context"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo/mongotest"
)

func TestSessionsAndLoginState(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	ss := &content.Session{ID: "abc", Email: "a@park.example", CreatedAt: now, LastSeen: now}
	if err := s.CreateSession(ctx, ss); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, &content.Session{ID: "def", Email: "a@park.example", CreatedAt: now, LastSeen: now}); err != nil {
		t.Fatal(err)
	}
	if err := s.TouchSession(ctx, "abc", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Session(ctx, "abc")
	if err != nil || !got.LastSeen.Equal(now.Add(time.Hour)) {
		t.Fatalf("session %+v, %v", got, err)
	}
	if got.Expired(now.Add(2*time.Hour)) || !got.Expired(now.Add(3*time.Hour+time.Second)) || !got.Expired(now.Add(12*time.Hour+time.Second)) {
		t.Errorf("Expired wrong")
	}
	if err := s.DeleteSessions(ctx, "a@park.example"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "def"); content.ErrorCode(err) != content.CodeNotFound {
		t.Errorf("after DeleteSessions: %v", err)
	}

	p := content.LoginPolicy{Limit: 3, Window: time.Minute, LockFor: 10 * time.Minute}
	for i := 0; i < 2; i++ {
		st, err := s.LoginFailed(ctx, "acct:x", now, p)
		if err != nil || st.Failures != i+1 || st.Locked(now) {
			t.Fatalf("failure %d: %+v %v", i, st, err)
		}
	}
	// Past the window the count starts again.
	st, _ := s.LoginFailed(ctx, "acct:x", now.Add(2*time.Minute), p)
	if st.Failures != 1 {
		t.Errorf("after the window: %d failures", st.Failures)
	}
	s.LoginFailed(ctx, "acct:x", now.Add(2*time.Minute), p)
	st, _ = s.LoginFailed(ctx, "acct:x", now.Add(2*time.Minute), p)
	if !st.Locked(now.Add(11*time.Minute)) || st.Locked(now.Add(12*time.Minute)) {
		t.Errorf("lock: %+v", st)
	}
	if err := s.LoginSucceeded(ctx, "acct:x"); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.LoginState(ctx, "acct:x"); st.Failures != 0 || st.Locked(now) {
		t.Errorf("after success: %+v", st)
	}
}

func TestAuditLog(t *testing.T) {
	s := mongotest.Open(t)
	ctx := context.Background()
	base := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for i, e := range []content.AuditEntry{
		{By: "a@park.example", Action: "create", Kind: "need", ID: "TR-26-0001", Hub: "TR"},
		{By: "b@park.example", Action: "update", Kind: "need", ID: "TR-26-0001", Hub: "TR", Fields: []string{"title"}},
		{By: "a@park.example", Action: "update", Kind: "company", ID: "acme", Hub: "CN"},
		{By: "firm:EOI-26-00042", Action: "update", Kind: "interest", ID: "EOI-26-00042", Hub: "TR"},
	} {
		e.At = base.Add(time.Duration(i) * 24 * time.Hour)
		if err := s.AddAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.Audit(ctx, content.AuditFilter{})
	if err != nil || len(all) != 4 || all[1].ID != "acme" || all[3].Action != "create" {
		t.Fatalf("all: %v %v", all, err)
	}
	if got, _ := s.Audit(ctx, content.AuditFilter{By: "A@park.example"}); len(got) != 2 {
		t.Errorf("by a: %d", len(got))
	}
	if got, _ := s.Audit(ctx, content.AuditFilter{By: "firm:EOI-26-00042"}); len(got) != 1 {
		t.Errorf("by a firm: %d", len(got))
	}
	if got, _ := s.Audit(ctx, content.AuditFilter{ID: "TR-26-0001", Since: base.Add(time.Hour)}); len(got) != 1 || got[0].Fields[0] != "title" {
		t.Errorf("by id and since: %v", got)
	}
	if got, _ := s.Audit(ctx, content.AuditFilter{Until: base.Add(time.Hour)}); len(got) != 1 {
		t.Errorf("until: %d", len(got))
	}
}
