package notify_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hubdir/content"
	"hubdir/content/mongo"
	"hubdir/content/mongo/mongotest"
	"hubdir/content/notify"
	"hubdir/i18n"
)

// fakeLog is an event log in memory; events may be added out of Seq order.
type fakeLog struct {
	mu  sync.Mutex
	evs []*content.Event
}

func (l *fakeLog) add(evs ...*content.Event) {
	l.mu.Lock()
	l.evs = append(l.evs, evs...)
	slices.SortFunc(l.evs, func(a, b *content.Event) int { return int(a.Seq - b.Seq) })
	l.mu.Unlock()
}

func (l *fakeLog) EventsAfter(_ context.Context, after int64, limit int) ([]*content.Event, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []*content.Event
	for _, e := range l.evs {
		if e.Seq > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

// fakeSource holds interests, needs and staff in memory.
type fakeSource struct {
	interests map[string]*content.Interest
	needs     map[string]*content.Need
	staff     []*content.Staff
}

func (f *fakeSource) Interest(_ context.Context, ref string) (*content.Interest, error) {
	if i, ok := f.interests[ref]; ok {
		return i, nil
	}
	return nil, content.ErrNotFound
}
func (f *fakeSource) Need(_ context.Context, ref string) (*content.Need, error) {
	if n, ok := f.needs[ref]; ok {
		return n, nil
	}
	return nil, content.ErrNotFound
}
func (f *fakeSource) ListStaff(context.Context) ([]*content.Staff, error) { return f.staff, nil }
func (f *fakeSource) Interests(_ context.Context, flt content.InterestFilter) ([]*content.Interest, error) {
	var out []*content.Interest
	for _, i := range f.interests {
		if !i.CreatedAt.Before(flt.Since) && i.CreatedAt.Before(flt.Until) {
			out = append(out, i)
		}
	}
	return out, nil
}

func fixture(now time.Time) *fakeSource {
	return &fakeSource{
		interests: map[string]*content.Interest{"EOI-26-00001": {
			Ref: "EOI-26-00001", Need: "TR-26-0001", Hub: "TR", Lang: "fa", Status: content.InterestNew,
			Company:     content.InterestCompany{Name: "<b>شرکت</b> Acme", Country: "IR"},
			ContactName: "مریم احمدی", Email: "maryam@example.org", Phone: "+98 21 1234 5678",
			Answers:   content.Answers{Offer: "ما حسگر می‌سازیم " + notify.LinkSlot, Fit: "تجربهٔ ده‌ساله", Proposal: "همکاری مشترک"},
			CreatedAt: now.Add(-26 * time.Hour),
		}},
		needs: map[string]*content.Need{"TR-26-0001": {Ref: "TR-26-0001", Hub: "TR",
			Title: content.Text{"fa": "حسگر صنعتی", "en": "Industrial sensor"}}},
		staff: []*content.Staff{
			{Email: "ali@hub.example", Name: "Ali", Role: content.RoleEditor, Hubs: []string{"TR"}},
			{Email: "dana@hub.example", Name: "Dana", Role: content.RoleEditor, Hubs: []string{"TR"}},
			{Email: "wei@hub.example", Name: "Wei", Role: content.RoleEditor, Hubs: []string{"CN"}},
		},
	}
}

func newNotifier(t *testing.T, log content.EventLog, src notify.Source, now time.Time) (*notify.Notifier, *mongo.Store) {
	t.Helper()
	bundle, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	st := mongotest.Open(t)
	zone, _ := time.LoadLocation("Asia/Tehran")
	return &notify.Notifier{
		Events: log, Source: src, Outbox: st, State: st, Subs: st, Tokens: st,
		Compose: &notify.Composer{Bundle: bundle, PublicURL: "https://hub.example", Zone: zone, Now: func() time.Time { return now }},
		Now:     func() time.Time { return now }, Settle: time.Minute, DefaultLang: "en",
	}, st
}

func TestNotifierInterestEvents(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)
	log, src := &fakeLog{}, fixture(now)
	n, st := newNotifier(t, log, src, now)
	st.PutStaffPref(ctx, &notify.StaffPref{Email: "dana@hub.example", Mode: notify.ModeDaily, Lang: "tr"})
	st.PutStaffPref(ctx, &notify.StaffPref{Email: "ali@hub.example", Mode: notify.ModeEach, Lang: "fa"})

	recv := &content.Event{ID: "ev-recv", Seq: 1, Kind: content.EventInterestNew, At: now.Add(-2 * time.Minute), Ref: "EOI-26-00001", Hub: "TR"}
	log.add(recv)
	if _, err := n.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	msgs, _ := st.Messages(ctx, "", nil, 0)
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want the receipt and one staff message (Dana chose a digest, Wei has another hub)", len(msgs))
	}
	var receipt, staff *notify.Message
	for _, m := range msgs {
		switch m.Kind {
		case notify.KindReceipt:
			receipt = m
		case notify.KindStaffNew:
			staff = m
		}
	}
	if receipt == nil || staff == nil || staff.To != "ali@hub.example" || staff.Lang != "fa" {
		t.Fatalf("messages %+v", msgs)
	}
	if receipt.Lang != "fa" || !strings.Contains(receipt.Subject, "TR-26-0001") || !strings.Contains(receipt.Subject, "EOI-26-00001") {
		t.Errorf("receipt subject %q", receipt.Subject)
	}
	// Persian text, Jalali date in Persian digits (2026-04-04 is 15 Farvardin 1405).
	for _, want := range []string{"اعلام آمادگی شما", "حسگر صنعتی", "۱۴۰۵", "تجربهٔ ده‌ساله", "/fa/my/open?t=" + notify.LinkSlot} {
		if !strings.Contains(receipt.Text, want) {
			t.Errorf("receipt text lacks %q:\n%s", want, receipt.Text)
		}
	}
	if strings.Count(receipt.Text, notify.LinkSlot) != 1 {
		t.Errorf("the link slot from the firm's own answer survived: %d slots", strings.Count(receipt.Text, notify.LinkSlot))
	}
	if !strings.Contains(receipt.HTML, `dir="rtl"`) || strings.Contains(receipt.HTML, "<b>شرکت</b>") || !strings.Contains(receipt.HTML, "&lt;b&gt;") {
		t.Errorf("receipt HTML not rtl or not escaped:\n%s", receipt.HTML)
	}
	if receipt.Link == nil || receipt.Link.Purpose != notify.PurposeMy || receipt.Link.Email != "maryam@example.org" {
		t.Errorf("receipt link %+v", receipt.Link)
	}

	// A status change (recent: the cursor stays before it), then an event
	// with a smaller Seq that committed late, then a restarted notifier
	// that reads them all again: each makes its messages once.
	i1 := src.interests["EOI-26-00001"]
	i1.Status, i1.DeclineReason = content.InterestDeclined, "not-a-fit"
	i1.History = []content.StatusChange{{To: content.InterestDeclined, Reason: "not-a-fit"}}
	log.add(&content.Event{ID: "ev-status", Seq: 3, Kind: content.EventInterestStatus, At: now, Ref: "EOI-26-00001", Status: content.InterestDeclined})
	if _, err := n.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	i2 := *i1
	i2.Ref, i2.Email, i2.Status, i2.History, i2.DeclineReason = "EOI-26-00002", "other@example.org", content.InterestNew, nil, ""
	src.interests[i2.Ref] = &i2
	log.add(&content.Event{ID: "ev-late", Seq: 2, Kind: content.EventInterestNew, At: now, Ref: i2.Ref, Hub: "TR"})
	if _, err := n.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	restarted, _ := newNotifier(t, log, src, now)
	restarted.Outbox, restarted.State, restarted.Subs, restarted.Tokens = st, st, st, st
	if _, err := restarted.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	msgs, _ = st.Messages(ctx, "", nil, 0)
	if len(msgs) != 5 {
		t.Fatalf("%d messages, want 5 (two receipts, two staff messages, one status change)", len(msgs))
	}
	delete(src.interests, i2.Ref)
	var status *notify.Message
	for _, m := range msgs {
		if m.Kind == notify.KindStatus {
			status = m
		}
	}
	if status == nil || !strings.Contains(status.Text, "دلیل:") || !strings.Contains(status.Subject, "رد شد") && !strings.Contains(status.Text, "تصمیم گرفت") {
		t.Errorf("status message:\n%v", status)
	}

	// Dana's digest of yesterday's interests, in Turkish, once.
	for range 2 {
		if err := n.Digests(ctx); err != nil {
			t.Fatal(err)
		}
	}
	msgs, _ = st.Messages(ctx, "", nil, 0)
	var digests []*notify.Message
	for _, m := range msgs {
		if m.Kind == notify.KindStaffDigest {
			digests = append(digests, m)
		}
	}
	if len(digests) != 1 || digests[0].To != "dana@hub.example" || digests[0].Lang != "tr" || !strings.Contains(digests[0].Text, "EOI-26-00001") {
		t.Fatalf("digests %+v", digests)
	}

	// Erasure: the messages about the interest lose their content, and the
	// address's subscriptions go.
	st.PutSubscription(ctx, &notify.Subscription{ID: "s1", Email: "maryam@example.org", Lang: "fa", Frequency: notify.Daily})
	log.add(&content.Event{ID: "ev-erase", Seq: 3, Kind: content.EventInterestErased, At: now, Ref: "EOI-26-00001"})
	if _, err := n.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{receipt.ID, status.ID} {
		m, _ := st.Message(ctx, id)
		if m.To != content.ErasedMarker || m.Text != "" || strings.Contains(m.HTML, "مریم") || m.State != notify.StateErased {
			t.Errorf("erased message %+v", m)
		}
	}
	if subs, _ := st.Subscriptions(ctx, "maryam@example.org"); len(subs) != 0 {
		t.Errorf("subscriptions survived erasure: %d", len(subs))
	}
}

func TestAlertDigests(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)
	n, st := newNotifier(t, &fakeLog{}, fixture(now), now)
	var asked []notify.AlertFilter
	n.Needs = func(f notify.AlertFilter, since, until time.Time) []*content.Need {
		asked = append(asked, f)
		if f.Hubs[0] != "TR" {
			return nil
		}
		return []*content.Need{{Ref: "TR-26-0001", Hub: "TR", Title: content.Text{"en": "Industrial sensor"}}}
	}
	two := now.Add(-48 * time.Hour)
	for _, s := range []*notify.Subscription{
		{ID: "daily-tr", Email: "a@example.org", Lang: "en", Frequency: notify.Daily, Confirmed: true, Since: two, Filter: notify.AlertFilter{Hubs: []string{"TR"}}},
		{ID: "daily-cn", Email: "b@example.org", Lang: "zh", Frequency: notify.Daily, Confirmed: true, Since: two, Filter: notify.AlertFilter{Hubs: []string{"CN"}}},
		{ID: "weekly-tr", Email: "c@example.org", Lang: "tr", Frequency: notify.Weekly, Confirmed: true, Since: two, Filter: notify.AlertFilter{Hubs: []string{"TR"}}},
		{ID: "unconfirmed", Email: "d@example.org", Lang: "en", Frequency: notify.Daily, Since: two, CreatedAt: two, Filter: notify.AlertFilter{Hubs: []string{"TR"}}},
		{ID: "stale", Email: "e@example.org", Lang: "en", Frequency: notify.Daily, CreatedAt: now.Add(-96 * time.Hour), Filter: notify.AlertFilter{Hubs: []string{"TR"}}},
	} {
		st.PutSubscription(ctx, s)
	}
	for range 2 {
		if err := n.Digests(ctx); err != nil {
			t.Fatal(err)
		}
	}
	msgs, _ := st.Messages(ctx, "", nil, 0)
	if len(msgs) != 1 || msgs[0].To != "a@example.org" || msgs[0].Kind != notify.KindAlertDigest {
		t.Fatalf("digests %+v", msgs)
	}
	m := msgs[0]
	if !strings.Contains(m.Unsubscribe, "/en/alerts/unsubscribe?t="+notify.LinkSlot) || m.Link == nil || m.Link.Purpose != notify.PurposeUnsub || m.Link.Ref != "daily-tr" {
		t.Errorf("unsubscribe %q %+v", m.Unsubscribe, m.Link)
	}
	if len(asked) != 2 {
		t.Errorf("the catalog was asked %d times, want 2 (the two due daily alerts, once)", len(asked))
	}
	if _, err := st.Subscription(ctx, "stale"); err == nil {
		t.Error("a subscription never confirmed for four days was kept")
	}
	if _, err := st.Subscription(ctx, "unconfirmed"); err != nil {
		t.Error("a two-day-old unconfirmed subscription was dropped")
	}
	s, _ := st.Subscription(ctx, "daily-tr")
	if s.Since.Before(now.Add(-24 * time.Hour)) {
		t.Errorf("period not moved on: since %v", s.Since)
	}
}

// TestNotifierCursor: the cursor passes only events seen more than Settle
// ago, so an event stored late with a smaller Seq is still handled.
func TestNotifierCursor(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)
	log, src := &fakeLog{}, fixture(clock)
	n, st := newNotifier(t, log, src, clock)
	n.Now = func() time.Time { return clock }
	i2 := *src.interests["EOI-26-00001"]
	i2.Ref, i2.Email = "EOI-26-00002", "late@example.org"
	src.interests[i2.Ref] = &i2
	log.add(
		&content.Event{ID: "a", Seq: 1, Kind: content.EventListingUpdated, At: clock.Add(-time.Hour)},
		&content.Event{ID: "c", Seq: 3, Kind: content.EventListingUpdated, At: clock.Add(-time.Hour)},
	)
	n.Poll(ctx)
	if seq, _, _ := st.Mark(ctx, "events"); seq != 0 {
		t.Fatalf("cursor %d right after first sight, want 0", seq)
	}
	clock = clock.Add(30 * time.Second)
	log.add(&content.Event{ID: "b", Seq: 2, Kind: content.EventInterestNew, At: clock.Add(-time.Hour), Ref: i2.Ref})
	if h, _ := n.Poll(ctx); h != 1 {
		t.Fatalf("handled %d, want the late event only", h)
	}
	clock = clock.Add(time.Minute + time.Second)
	n.Poll(ctx)
	if seq, _, _ := st.Mark(ctx, "events"); seq != 3 {
		t.Fatalf("cursor %d, want 3", seq)
	}
	msgs, _ := st.Messages(ctx, notify.StatePending, nil, 0)
	found := false
	for _, m := range msgs {
		found = found || m.To == "late@example.org"
	}
	if !found {
		t.Fatal("the late event made no receipt")
	}
}

// TestNotifierWithdrawn: a firm's withdrawal and its corrected contact
// details each tell the staff of the interest's hub who take interests
// one by one (Ali and Dana of TR; not Wei of CN), the correction with the
// details as they are now; an edit of nothing the desk uses tells no one.
func TestNotifierWithdrawn(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)
	log, src := &fakeLog{}, fixture(now)
	n, st := newNotifier(t, log, src, now)
	i := src.interests["EOI-26-00001"]
	i.Status, i.ContactName, i.Phone = content.InterestWithdrawn, "Ayşe Demir", "+90 212 555 0101"
	log.add(&content.Event{ID: "w", Seq: 1, Kind: content.EventInterestChanged, At: now, Ref: "EOI-26-00001", Status: content.InterestWithdrawn},
		&content.Event{ID: "c", Seq: 2, Kind: content.EventInterestChanged, At: now, Ref: "EOI-26-00001", Fields: []string{"contact_name", "phone"}},
		&content.Event{ID: "x", Seq: 3, Kind: content.EventInterestChanged, At: now, Ref: "EOI-26-00001", Fields: []string{"history"}})
	if _, err := n.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	msgs, _ := st.Messages(ctx, "", nil, 0)
	kinds := map[string][]string{}
	for _, m := range msgs {
		kinds[m.Kind] = append(kinds[m.Kind], m.To)
		if !strings.Contains(m.Subject, "EOI-26-00001") || m.Ref != "EOI-26-00001" || !m.AboutInterest() {
			t.Errorf("message %s %q ref %q", m.Kind, m.Subject, m.Ref)
		}
		if m.Kind == notify.KindStaffContact && (!strings.Contains(m.Text, "Ayşe Demir") || !strings.Contains(m.Text, "+90 212 555 0101")) {
			t.Errorf("the correction does not give the new details:\n%s", m.Text)
		}
	}
	if len(msgs) != 4 || len(kinds[notify.KindStaffGone]) != 2 || len(kinds[notify.KindStaffContact]) != 2 {
		t.Fatalf("messages by kind: %v", kinds)
	}
}
