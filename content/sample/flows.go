package sample

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"time"

	"hubdir/content"
	"hubdir/content/notify"
)

// Workspace is the part of the write path (content/workspace's Service)
// that the sample flows use: they go through it as a firm and staff would,
// so that every flow leaves its audit entries and domain events, and the
// notifier makes its messages from those events.
type Workspace interface {
	AddStaff(ctx context.Context, by *content.Staff, channel string, in *content.StaffInput, password string) (*content.Staff, error)
	RegisterInterest(ctx context.Context, channel, needRef string, in *content.InterestInput) (*content.Interest, bool, error)
	UpdateInterestStatus(ctx context.Context, st *content.Staff, channel, ref string, in *content.InterestStatusInput) (*content.Interest, error)
}

// FlowDesk is a sample staff member who receives the hub's notifications:
// an editor of one hub, with no usable password (a random one, never kept
// or shown: nobody can sign in as a desk; an admin may set a password).
type FlowDesk struct {
	Email, Name, Hub, Lang string
}

// FlowInterest is one sample expression of interest: the English title of
// the need it answers (any open need of Hub when that one is not open),
// the firm's input, and what staff did with it (Status "" for nothing).
type FlowInterest struct {
	Hub, NeedTitle string
	In             content.InterestInput
	Status         string
	Reason, Note   string
}

// FlowAlert is one sample alert subscription; Confirm follows the
// double opt-in through, as the subscriber's click on the e-mailed link.
type FlowAlert struct {
	Email, Lang, Frequency string
	Filter                 notify.AlertFilter
	Confirm                bool
}

// Flows is what the sample flows write: the hub desks, the interests
// (fa, tr, zh, en; from fictional firms at RFC 2606 reserved domains, so
// that no real person is ever mailed) and the alert subscriptions.
type Flows struct {
	Desks     []FlowDesk
	Interests []FlowInterest
	Alerts    []FlowAlert
}

// FlowsResult names what LoadFlows made.
type FlowsResult struct {
	Staff         []string
	Interests     []string // references, in the order of Flows.Interests
	Subscriptions int
}

// SampleFlows returns the sample's flows.
func SampleFlows() *Flows {
	answers := func(offer, fit, proposal string) content.Answers {
		return content.Answers{Offer: offer, Fit: fit, Proposal: proposal}
	}
	return &Flows{
		Desks: []FlowDesk{
			{Email: "tr-desk@example.org", Name: "میز مرکز ایران و ترکیه", Hub: "TR", Lang: "fa"},
			{Email: "cn-desk@example.org", Name: "伊中中心联络台", Hub: "CN", Lang: "zh"},
		},
		Interests: []FlowInterest{{
			Hub: "TR", NeedTitle: "Recovery of palladium and platinum from spent catalysts",
			In: content.InterestInput{
				Company:     content.InterestCompany{Name: "شرکت دانش‌بنیان فلزات گران‌بهای آذر", Country: "IR"},
				ContactName: "رضا کریمی", Email: "r.karimi@azar-metals.example.com", Phone: "+98 41 3345 6789", Lang: "fa", Consent: true,
				Answers: answers(
					"فرایند آب‌شویی و بازیابی پالادیم و پلاتین از کاتالیست‌های مصرف‌شده با بازده بیش از ۹۵ درصد، که در واحد نیمه‌صنعتی شرکت در تبریز آزموده شده است.",
					"نیاز شما بازیابی فلزات گران‌بها از کاتالیست‌های خودرو و پتروشیمی است؛ فرایند ما برای هر دو نوع بستر آلومینا و سرامیکی طراحی شده است.",
					"پیشنهاد می‌کنیم نخست آزمونی مشترک روی ۵۰ کیلوگرم نمونه انجام شود و سپس قرارداد واگذاری دانش فنی همراه با آموزش کارکنان بسته شود."),
			},
			Status: content.InterestContacted, Note: "Call with the partner's technical director booked for next week.",
		}, {
			Hub: "TR", NeedTitle: "Training for technicians in industrial robot programming",
			In: content.InterestInput{
				Company:     content.InterestCompany{Name: "Tebriz Robotik Eğitim Merkezi", Country: "IR"},
				ContactName: "Ayşe Rahimi", Email: "a.rahimi@tebriz-robotik.example.org", Lang: "tr", Consent: true,
				Answers: answers(
					"Tebriz'deki eğitim merkezimizde ABB ve KUKA robotları için programlama, bakım ve iş güvenliği eğitimleri veriyoruz; her yıl yaklaşık 120 teknisyen yetiştiriyoruz.",
					"İhtiyacınız Türkçe eğitim verebilecek bir ortak; eğitmenlerimizin hepsi Azerbaycan Türkçesi ve Türkiye Türkçesi konuşuyor.",
					"Tesisinizde iki haftalık bir pilot kurs, ardından çevrim içi destekle süren bir sertifika programı öneriyoruz."),
			},
		}, {
			Hub: "CN", NeedTitle: "Nanostructured anti-reflective coatings for infrared optics",
			In: content.InterestInput{
				Company:     content.InterestCompany{Name: "大不里士光学镀膜技术公司", Country: "IR"},
				ContactName: "王磊", Email: "wang.lei@tabriz-optics.example.com", Lang: "zh", Consent: true,
				Answers: answers(
					"我们在大不里士的实验室可以用溶胶-凝胶法在锗和硒化锌基底上制备纳米结构减反射涂层，目前样品在8至12微米波段的透过率达到93%。",
					"贵方需要用于红外光学的减反射涂层，我们的工艺方向一致，但目前只能处理直径50毫米以下的镜片。",
					"建议先交换样品进行第三方测试，如结果符合要求，再讨论联合开发和中试放大。"),
			},
			Status: content.InterestDeclined, Reason: "insufficient-capability",
			Note: "The partner needs lenses of 150 mm; the firm coats up to 50 mm.",
		}, {
			Hub: "CN", NeedTitle: "Extraction and standardisation of crocin and safranal",
			In: content.InterestInput{
				Company:     content.InterestCompany{Name: "Arvand Saffron Biotech", Country: "IR"},
				ContactName: "Sara Hosseini", Email: "s.hosseini@arvand-saffron.example.net", Lang: "en", Consent: true,
				Answers: answers(
					"We run a pilot plant for supercritical CO2 and ethanol extraction of saffron, producing standardised extracts with 3% crocin and 0.3% safranal, verified by HPLC.",
					"The need asks for a standardised crocin and safranal content; our HPLC method is validated against ISO 3632 and we already supply two nutraceutical brands.",
					"We propose a six-month joint project: we supply pilot batches and the analytical method, and the partner evaluates them in its own formulations."),
			},
		}},
		Alerts: []FlowAlert{
			{Email: "trade-office@tabriz-chamber.example.org", Lang: "fa", Frequency: notify.Weekly,
				Filter: notify.AlertFilter{Hubs: []string{"TR"}, Sectors: []string{"machinery", "automotive"}}, Confirm: true},
			{Email: "li.na@ningbo-trade.example.com", Lang: "zh", Frequency: notify.Daily,
				Filter: notify.AlertFilter{Hubs: []string{"CN"}, Sectors: []string{"agri-food"}}},
		},
	}
}

// LoadFlows plays the sample flows through the workspace ws and the mail
// side mail (nil: no alert subscriptions, no staff choices), on the
// sample content already in st (Load): it adds the hub desks (channel
// ChannelCLI), registers each interest in its need as a firm would (each
// with its own channel's events: the notifier makes the receipt and the
// desks' notices), moves two on as the hub's desk (contacted; declined
// with a reason: status messages to the firms), and signs up for alerts
// (one confirmed through its opt-in link). Run it once, right after Load:
// a second run adds nothing new but fails on the existing desks.
func LoadFlows(ctx context.Context, ws Workspace, mail *notify.Service, st content.Store, now time.Time, zone *time.Location) (*FlowsResult, error) {
	f := SampleFlows()
	res := &FlowsResult{}
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("sample flows: %w", err)
	}
	today := content.Today(now, zone)
	var open []*content.Need
	for _, n := range snap.Needs {
		if n.StatusOn(today) == content.NeedPublished {
			open = append(open, n)
		}
	}
	slices.SortFunc(open, func(a, b *content.Need) int { return strings.Compare(a.Ref, b.Ref) })
	desks := map[string]*content.Staff{}
	for _, d := range f.Desks {
		s, err := ws.AddStaff(ctx, nil, content.ChannelCLI, &content.StaffInput{
			Email: d.Email, Name: d.Name, Role: content.RoleEditor, Hubs: []string{d.Hub},
		}, randomPassword())
		if err != nil {
			return nil, fmt.Errorf("sample flows: desk %s: %w", d.Email, err)
		}
		desks[d.Hub] = s
		res.Staff = append(res.Staff, s.Email)
		if mail != nil {
			if err := mail.State.PutStaffPref(ctx, &notify.StaffPref{Email: s.Email, Mode: notify.ModeEach, Lang: d.Lang}); err != nil {
				return nil, fmt.Errorf("sample flows: desk %s: %w", d.Email, err)
			}
		}
	}
	for k := range f.Interests {
		fi := &f.Interests[k]
		need := pickNeed(open, fi.Hub, fi.NeedTitle)
		if need == nil {
			return nil, fmt.Errorf("sample flows: no open need in hub %s", fi.Hub)
		}
		in := fi.In
		i, _, err := ws.RegisterInterest(ctx, content.ChannelCLI, need.Ref, &in)
		if err != nil {
			return nil, fmt.Errorf("sample flows: interest of %s: %w", fi.In.Company.Name, err)
		}
		if fi.Status != "" {
			i, err = ws.UpdateInterestStatus(ctx, desks[fi.Hub], content.ChannelCLI, i.Ref, &content.InterestStatusInput{
				Version: i.Version, Status: fi.Status, DeclineReason: fi.Reason, Note: fi.Note,
			})
			if err != nil {
				return nil, fmt.Errorf("sample flows: status of %s: %w", i.Ref, err)
			}
		}
		res.Interests = append(res.Interests, i.Ref)
	}
	if mail == nil {
		return res, nil
	}
	for _, a := range f.Alerts {
		if err := mail.Subscribe(ctx, a.Email, a.Lang, a.Frequency, a.Filter); err != nil {
			return nil, fmt.Errorf("sample flows: alert of %s: %w", a.Email, err)
		}
		res.Subscriptions++
		if !a.Confirm {
			continue
		}
		subs, err := mail.Subs.Subscriptions(ctx, a.Email)
		if err != nil || len(subs) == 0 {
			return nil, fmt.Errorf("sample flows: alert of %s not stored: %v", a.Email, err)
		}
		// The subscriber's click: the link its opt-in message carries.
		tok, err := mail.Links.Mint(ctx, notify.PurposeAlertOptIn, a.Email, subs[0].ID, a.Lang, notify.OptInTTL)
		if err != nil {
			return nil, fmt.Errorf("sample flows: alert of %s: %w", a.Email, err)
		}
		if err := mail.Confirm(ctx, tok); err != nil {
			return nil, fmt.Errorf("sample flows: confirm the alert of %s: %w", a.Email, err)
		}
	}
	return res, nil
}

// pickNeed returns the open need of hub whose English title begins with
// title, else the first open need of hub; nil when the hub has none.
func pickNeed(open []*content.Need, hub, title string) *content.Need {
	var first *content.Need
	for _, n := range open {
		if n.Hub != hub {
			continue
		}
		if strings.HasPrefix(n.Title["en"], title) {
			return n
		}
		if first == nil {
			first = n
		}
	}
	return first
}

// randomPassword returns a password nobody knows: the desks receive mail,
// they do not sign in.
func randomPassword() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
