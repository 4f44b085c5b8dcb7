package workspace_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hubdir/content"
	"hubdir/content/catalog"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/workspace"
)

func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }

// env is a workspace on a fresh database with the hubs TR and CN, an
// admin and an editor of each hub.
type env struct {
	t      *testing.T
	store  *mongo.Store
	cat    *catalog.Catalog
	ws     *workspace.Service
	admin  *content.Staff
	tr, cn *content.Staff
}

const password = "a long enough passphrase"

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	st := mongotest.Open(t)
	for _, code := range []string{"TR", "CN"} {
		h := &content.Hub{Code: code, PartnerCountry: code, Name: content.Text{"en": "Iran–" + code}, HostPark: content.Text{"en": "Park"}, WorkingLanguages: []string{"fa", "en"}}
		if err := st.PutHub(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	cat := catalog.New(time.UTC, time.Now)
	snap, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cat.Load(snap)
	e := &env{t: t, store: st, cat: cat, ws: workspace.New(workspace.Config{Store: st, Catalog: cat})}
	e.admin = e.staff("admin@park.example", content.RoleAdmin)
	e.tr = e.staff("tr@park.example", content.RoleEditor, "TR")
	e.cn = e.staff("cn@park.example", content.RoleEditor, "CN")
	return e
}

func (e *env) staff(email, role string, hubs ...string) *content.Staff {
	e.t.Helper()
	s, err := e.ws.AddStaff(context.Background(), nil, content.ChannelCLI, &content.StaffInput{Email: email, Name: "Test", Role: role, Hubs: hubs}, password)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// events returns the event log's events about ref.
func (e *env) events(ref string) []*content.Event {
	e.t.Helper()
	if err := e.ws.Settled(context.Background()); err != nil { // the public's events relay after the answer
		e.t.Fatal(err)
	}
	all, err := e.store.EventsAfter(context.Background(), 0, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []*content.Event
	for _, ev := range all {
		if ev.Ref == ref {
			out = append(out, ev)
		}
	}
	return out
}

func needInput(hub string) *content.NeedInput {
	return &content.NeedInput{
		Hub: hub, Kind: "technology", Sectors: []string{"water"}, Country: hub, Partnerships: []string{"licence"},
		Title: content.Text{"fa": "فناوری تصفیه آب", "en": "Water treatment"}, Deadline: content.Date(time.Now().AddDate(0, 2, 0).Format("2006-01-02")),
	}
}

// TestScopeBeforeValidation checks issue 16 item 2: a write to another
// hub's listing is not found, whatever is wrong with its input (here: no
// version), so that no answer tells anything about that listing.
func TestScopeBeforeValidation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	n, err := e.ws.CreateNeed(ctx, e.tr, content.ChannelAPI, needInput("TR"))
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func() error{
		"publish": func() error {
			_, err := e.ws.TransitionNeed(ctx, e.cn, content.ChannelAPI, n.Ref, content.Publish, 0)
			return err
		},
		"update": func() error {
			_, err := e.ws.UpdateNeed(ctx, e.cn, content.ChannelAPI, n.Ref, &content.NeedPatch{})
			return err
		},
		"delete": func() error { _, err := e.ws.DeleteNeed(ctx, e.cn, content.ChannelAPI, n.Ref, 0); return err },
		"renew":  func() error { _, err := e.ws.RenewNeed(ctx, e.cn, content.ChannelAPI, n.Ref, 0, ""); return err },
	} {
		if err := write(); !errors.Is(err, content.ErrNotFound) {
			t.Errorf("%s by the other hub's editor: %v, want not found", name, err)
		}
	}
	// The same write by the hub's own editor fails on the version.
	if _, err := e.ws.TransitionNeed(ctx, e.tr, content.ChannelAPI, n.Ref, content.Publish, 0); !errors.Is(err, content.ErrInvalid) {
		t.Errorf("publish without a version: %v", err)
	}
	if _, err := e.ws.CreateNeed(ctx, e.cn, content.ChannelAPI, needInput("TR")); !errors.Is(err, content.ErrForbidden) {
		t.Errorf("create in another hub: %v", err)
	}
}

// TestOneEventPerChange checks that every workspace write records exactly
// one event, with its channel and actor, in the log, and one audit entry
// with the changed fields per locale.
func TestOneEventPerChange(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	n, err := e.ws.CreateNeed(ctx, e.tr, content.ChannelWeb, needInput("TR"))
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Pending) != 0 {
		t.Errorf("the caller sees pending events")
	}
	if _, ok := e.cat.Need(n.Ref, catalog.Viewer{Staff: e.tr}); !ok {
		t.Errorf("not in the catalog")
	}
	n, err = e.ws.UpdateNeed(ctx, e.tr, content.ChannelAPI, n.Ref, &content.NeedPatch{Version: n.Version, Title: content.Text{"fa": "عنوان تازه"}})
	if err != nil {
		t.Fatal(err)
	}
	n, err = e.ws.TransitionNeed(ctx, e.tr, content.ChannelAPI, n.Ref, content.Publish, n.Version)
	if err != nil {
		t.Fatal(err)
	}
	i, created, err := e.ws.RegisterInterest(ctx, content.ChannelPublic, n.Ref, &content.InterestInput{
		Company: content.InterestCompany{Name: "Firm", Registration: "123456", Country: "IR"}, ContactName: "Sara",
		Email: "sara@firm.example", Phone: "+98 41 3333 4444", Consent: true, Lang: "fa",
		Answers: content.Answers{Offer: strings.Repeat("offer ", 5), Fit: strings.Repeat("fit it ", 4), Proposal: strings.Repeat("a pilot ", 3)},
	})
	if err != nil || !created {
		t.Fatalf("register: %v", err)
	}
	// The same email again: no change, no event.
	if _, again, err := e.ws.RegisterInterest(ctx, content.ChannelPublic, n.Ref, &content.InterestInput{
		Company: content.InterestCompany{Name: "Firm", Registration: "123456", Country: "IR"}, ContactName: "Sara",
		Email: "sara@firm.example", Phone: "+98 41 3333 4444", Consent: true, Lang: "fa",
		Answers: content.Answers{Offer: strings.Repeat("offer ", 5), Fit: strings.Repeat("fit it ", 4), Proposal: strings.Repeat("a pilot ", 3)},
	}); err != nil || again {
		t.Fatalf("second registration: %v %v", again, err)
	}
	if _, err := e.ws.UpdateInterestStatus(ctx, e.tr, content.ChannelWeb, i.Ref, &content.InterestStatusInput{Version: i.Version, Status: content.InterestContacted}); err != nil {
		t.Fatal(err)
	}
	want := []struct{ kind, channel, actor string }{
		{content.EventListingCreated, content.ChannelWeb, e.tr.Email},
		{content.EventListingUpdated, content.ChannelAPI, e.tr.Email},
		{content.EventNeedPublished, content.ChannelAPI, e.tr.Email},
	}
	got := e.events(n.Ref)
	if len(got) != len(want) {
		t.Fatalf("need events: %d, want %d", len(got), len(want))
	}
	for k, w := range want {
		if got[k].Kind != w.kind || got[k].Channel != w.channel || got[k].Actor != w.actor {
			t.Errorf("event %d: %+v, want %+v", k, got[k], w)
		}
	}
	if f := got[1].Fields; len(f) != 1 || f[0] != "title.fa" {
		t.Errorf("update fields %v, want [title.fa]", f)
	}
	ie := e.events(i.Ref)
	if len(ie) != 2 || ie[0].Kind != content.EventInterestNew || ie[0].Channel != content.ChannelPublic || ie[0].Actor != "" ||
		ie[1].Kind != content.EventInterestStatus || ie[1].Status != content.InterestContacted {
		t.Errorf("interest events %+v", ie)
	}
	audit, err := e.store.Audit(ctx, content.AuditFilter{ID: n.Ref})
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != 3 || audit[1].Action != content.AuditUpdate || audit[1].Via != content.ChannelAPI || len(audit[1].Fields) != 1 || audit[1].Fields[0] != "title.fa" {
		t.Errorf("audit %+v", audit)
	}
}

// failingRelay is a store whose relays fail: the process dies, in effect,
// between the write and the relay.
type failingRelay struct {
	*mongo.Store
	fail atomic.Bool
}

func (f *failingRelay) RelayEvents(ctx context.Context, kind, id string) error {
	if f.fail.Load() {
		return content.ErrUnavailable
	}
	return f.Store.RelayEvents(ctx, kind, id)
}

// TestEventSurvivesACrash writes while every relay fails (the process is
// killed after the write), then starts a new workspace on the same
// database (the restart): each change is in the log exactly once.
func TestEventSurvivesACrash(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	broken := &failingRelay{Store: e.store}
	broken.fail.Store(true)
	dying := workspace.New(workspace.Config{Store: broken, Catalog: e.cat})
	n, err := dying.CreateNeed(ctx, e.tr, content.ChannelAPI, needInput("TR"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dying.TransitionNeed(ctx, e.tr, content.ChannelAPI, n.Ref, content.Publish, n.Version); err != nil {
		t.Fatal(err)
	}
	if got := e.events(n.Ref); len(got) != 0 {
		t.Fatalf("events in the log before recovery: %d", len(got))
	}
	// The restart: a new process recovers at start-up; so does a second
	// instance, at the same time.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fresh := workspace.New(workspace.Config{Store: mongotest.OpenSame(t, e.store), Catalog: e.cat})
			if err := fresh.Recover(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got := e.events(n.Ref)
	if len(got) != 2 || got[0].Kind != content.EventListingCreated || got[1].Kind != content.EventNeedPublished {
		t.Fatalf("after the restart: %+v", got)
	}
	// The retry loop of a process that lives on relays too, once.
	broken.fail.Store(true)
	n2, err := dying.CreateNeed(ctx, e.tr, content.ChannelAPI, needInput("TR"))
	if err != nil {
		t.Fatal(err)
	}
	broken.fail.Store(false)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { dying.Run(runCtx, 20*time.Millisecond); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for len(e.events(n2.Ref)) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	<-done
	if got := e.events(n2.Ref); len(got) != 1 {
		t.Errorf("after the retry: %d events, want 1", len(got))
	}
}

// TestConcurrentSignInLock checks issue 10 item 2: after 9 wrong
// passwords, 60 concurrent attempts from different addresses (59 wrong,
// 1 right) check at most one more password: the others are locked out
// before their password is looked at.
func TestConcurrentSignInLock(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	limit := workspace.AccountLimit()
	for i := 0; i < limit-1; i++ {
		if _, err := e.ws.SignIn(ctx, content.ChannelWeb, e.tr.Email, "wrong password!", fmt.Sprintf("10.0.0.%d", i), 0); !errors.Is(err, workspace.ErrBadLogin) || workspace.IsLocked(err) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	var checked, locked, signedIn atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pw := "wrong password!"
			if i == 30 {
				pw = password
			}
			_, err := e.ws.SignIn(ctx, content.ChannelWeb, e.tr.Email, pw, fmt.Sprintf("10.1.%d.1", i), 0)
			switch {
			case err == nil:
				checked.Add(1)
				signedIn.Add(1)
			case workspace.IsLocked(err):
				locked.Add(1)
			case errors.Is(err, workspace.ErrBadLogin):
				checked.Add(1)
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if checked.Load() > 1 || locked.Load() < 59 {
		t.Errorf("checked %d passwords, locked %d, signed in %d: at most 1 may be checked", checked.Load(), locked.Load(), signedIn.Load())
	}
	// The right password is refused while the lock lasts.
	if _, err := e.ws.SignIn(ctx, content.ChannelWeb, e.tr.Email, password, "10.2.0.1", 0); !workspace.IsLocked(err) {
		t.Errorf("after the lock: %v", err)
	}
}

// TestPasswordChangeEndsOtherSessions checks issue 10 item 4.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var secrets []string
	for i := 0; i < 3; i++ {
		s, err := e.ws.StartSession(ctx, e.tr, content.ChannelWeb, "", "browser")
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, s)
	}
	if err := e.ws.SetPassword(ctx, e.tr, content.ChannelWeb, e.tr.Email, "another long passphrase", secrets[0]); err != nil {
		t.Fatal(err)
	}
	for k, secret := range secrets {
		s, _, err := e.ws.Session(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if alive := s != nil; alive != (k == 0) {
			t.Errorf("session %d alive: %v", k, alive)
		}
	}
	// An admin's change for someone else ends all of theirs.
	if err := e.ws.SetPassword(ctx, e.admin, content.ChannelWeb, e.tr.Email, "a third long passphrase", secrets[0]); err != nil {
		t.Fatal(err)
	}
	if s, _, _ := e.ws.Session(ctx, secrets[0]); s != nil {
		t.Errorf("the member's session survived an admin's change")
	}
	// An editor may not set another member's password.
	if err := e.ws.SetPassword(ctx, e.cn, content.ChannelWeb, e.tr.Email, "a fourth long passphrase", ""); !errors.Is(err, content.ErrForbidden) {
		t.Errorf("editor sets another's password: %v", err)
	}
}

// TestLongPassphrase checks issue 10 item 10: a 40-letter Persian
// passphrase (80 bytes, beyond bcrypt's 72) works, a too long one is
// refused as too long (not too short), and hashes made before the
// pre-hash still verify.
func TestLongPassphrase(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	fa := "گذرواژهٔ بلند فارسی برای آزمون ورود کارکنان"
	if n := len([]rune(fa)); n < 40 || len(fa) <= 72 {
		t.Fatalf("test passphrase: %d letters, %d bytes", n, len(fa))
	}
	in := &content.StaffInput{Email: "fa@park.example", Name: "Leyla", Role: content.RoleEditor, Hubs: []string{"TR"}}
	if _, err := e.ws.AddStaff(ctx, e.admin, content.ChannelWeb, in, fa); err != nil {
		t.Fatal(err)
	}
	if _, err := e.ws.SignIn(ctx, content.ChannelWeb, "fa@park.example", fa, "10.3.0.1", 0); err != nil {
		t.Errorf("sign in with the Persian passphrase: %v", err)
	}
	// Same first 72 bytes, another ending: refused (bcrypt alone would
	// accept it).
	if _, err := e.ws.SignIn(ctx, content.ChannelWeb, "fa@park.example", fa[:72]+"xxxxxxxxxx", "10.3.0.1", 0); err == nil {
		t.Errorf("a passphrase with the same first 72 bytes was accepted")
	}
	var cerr *content.Error
	err := content.CheckPassword(strings.Repeat("ب", content.MaxPassword+1))
	if !errors.As(err, &cerr) || cerr.Fields["password"].Rule != content.RuleTooLong {
		t.Errorf("too long: %v", err)
	}
	err = content.CheckPassword("short")
	if !errors.As(err, &cerr) || cerr.Fields["password"].Rule != content.RuleTooShort {
		t.Errorf("too short: %v", err)
	}
	// A plain bcrypt hash, as stored before, still verifies.
	legacy, err := bcrypt.GenerateFromPassword([]byte("an older password"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if !content.PasswordMatches(string(legacy), "an older password") || content.PasswordMatches(string(legacy), "another password") {
		t.Errorf("a hash made before the pre-hash does not verify as before")
	}
}

// TestSharedCompanyRule checks issue 10 item 3: an editor changes a
// company shared with another hub only within their hubs, and a company an
// agreement names is neither deleted nor unpublished (naming the
// agreements).
func TestSharedCompanyRule(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	co, err := e.ws.CreateCompany(ctx, e.admin, content.ChannelAPI, &content.CompanyInput{
		Slug: "shared-co", Name: content.Text{"en": "Shared Co"}, Kind: "foreign-company", Country: "TR",
		Hubs: []string{"TR", "CN"}, Sectors: []string{"water"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tr := []string{"TR"}
	if _, err := e.ws.UpdateCompany(ctx, e.tr, content.ChannelAPI, co.Slug, &content.CompanyPatch{Version: co.Version, Hubs: &tr}); !errors.Is(err, content.ErrForbidden) {
		t.Errorf("TR editor removes CN: %v", err)
	}
	if _, err := e.ws.DeleteCompany(ctx, e.tr, content.ChannelAPI, co.Slug, co.Version); !errors.Is(err, content.ErrForbidden) {
		t.Errorf("TR editor deletes a shared company: %v", err)
	}
	if _, err := e.ws.PublishCompany(ctx, e.tr, content.ChannelAPI, co.Slug, false, co.Version); !errors.Is(err, content.ErrForbidden) {
		t.Errorf("TR editor unpublishes a shared company: %v", err)
	}
	co, err = e.ws.UpdateCompany(ctx, e.tr, content.ChannelAPI, co.Slug, &content.CompanyPatch{Version: co.Version, Name: content.Text{"fa": "شرکت مشترک"}})
	if err != nil {
		t.Fatalf("TR editor edits the name: %v", err)
	}
	a, err := e.ws.CreateAgreement(ctx, e.cn, content.ChannelAPI, &content.AgreementInput{
		Slug: "cn-mou", Hub: "CN", Title: content.Text{"en": "MoU"}, Status: content.AgreementSigned, SignedOn: "2026-01-10",
		Parties: []content.Party{{Company: co.Slug}, {Name: content.Text{"en": "Park"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func() error{
		"delete": func() error {
			_, err := e.ws.DeleteCompany(ctx, e.admin, content.ChannelAPI, co.Slug, co.Version)
			return err
		},
		"unpublish": func() error {
			_, err := e.ws.PublishCompany(ctx, e.admin, content.ChannelAPI, co.Slug, false, co.Version)
			return err
		},
	} {
		err := write()
		var cerr *content.Error
		if !errors.As(err, &cerr) || cerr.Code != content.CodeInUse || len(cerr.Refs) != 1 || cerr.Refs[0] != a.Slug {
			t.Errorf("%s a company an agreement names: %v", name, err)
		}
	}
	if _, err := e.ws.DeleteAgreement(ctx, e.cn, content.ChannelAPI, a.Slug, a.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := e.ws.DeleteCompany(ctx, e.admin, content.ChannelAPI, co.Slug, co.Version); err != nil {
		t.Errorf("delete once no agreement names it: %v", err)
	}
}

// TestOfferEvents checks the offers' writes through the workspace: the
// scope (an offer of TR and CN is managed by the editor of either, and
// moving it out of a hub needs that hub), one event per change.
func TestOfferEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	in := &content.OfferInput{
		Hubs: []string{"TR", "CN"}, Kind: "testing", Sectors: []string{"automotive"},
		Title:     content.Text{"fa": "آزمون سازگاری الکترومغناطیسی", "en": "EMC testing"},
		Standards: []string{"CISPR 25"}, Deadline: content.Date(time.Now().AddDate(0, 6, 0).Format("2006-01-02")),
	}
	if _, err := e.ws.CreateOffer(ctx, e.tr, content.ChannelAPI, in); !errors.Is(err, content.ErrForbidden) {
		t.Errorf("TR editor creates an offer of CN too: %v", err)
	}
	o, err := e.ws.CreateOffer(ctx, e.admin, content.ChannelAPI, in)
	if err != nil {
		t.Fatal(err)
	}
	tr := []string{"TR"}
	if _, err := e.ws.UpdateOffer(ctx, e.tr, content.ChannelAPI, o.Ref, &content.OfferPatch{Version: o.Version, Hubs: &tr}); !errors.Is(err, content.ErrForbidden) {
		t.Errorf("TR editor takes the offer out of CN: %v", err)
	}
	if o, err = e.ws.TransitionOffer(ctx, e.tr, content.ChannelWeb, o.Ref, content.Publish, o.Version); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, ev := range e.events(o.Ref) {
		kinds = append(kinds, ev.Kind+"/"+ev.Channel)
	}
	if want := []string{"listing.created/api", "listing.published/web"}; strings.Join(kinds, " ") != strings.Join(want, " ") {
		t.Errorf("offer events %v, want %v", kinds, want)
	}
}
