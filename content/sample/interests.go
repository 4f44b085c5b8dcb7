package sample

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"hubdir/content"
)

// interestAnswers are the sentences generated answers are made of, in the
// languages firms write in.
var interestAnswers = []string{
	"ما ده سال در طراحی و ساخت سامانه‌های تصفیه آب صنعتی تجربه داریم و سه پروژه مشابه را در تبریز و ارومیه اجرا کرده‌ایم.",
	"آزمایشگاه ما دارای گواهی ISO/IEC 17025 است و آزمون‌های کشش، خستگی و ضربه را انجام می‌دهد.",
	"تیم تحقیق و توسعه شرکت دوازده نفر است و دو ثبت اختراع در زمینه حسگرهای صنعتی دارد.",
	"We build machine-vision inspection lines for automotive parts and have delivered eleven of them since 2019.",
	"Our offer is a licence of the membrane process with on-site training for the partner's engineers.",
	"The fit is close: the need asks for a pilot within a year, and our pilot plant can run one within six months.",
	"我们公司在工业自动化领域有十五年的经验，可以提供技术许可和联合研发。",
	"Firmamız otomotiv yan sanayisinde kalite kontrol sistemleri geliştiriyor ve Türkiye'de beş fabrikada çalışıyor.",
}

// Interests returns n generated interests in need, one email each,
// created one minute apart, the last at last, numbered from first
// (references EOI-yy-NNNNN, yy of last's year; emails firmNNN@example.com),
// with answers of one to four sentences in Persian, English, Chinese or
// Turkish and statuses new, contacted or matched. They pass the store's
// checks, for SeedInterests in tests and measurements; the same seed gives
// the same interests.
func Interests(need *content.Need, n, first int, last time.Time, seed int64) []*content.Interest {
	r := rand.New(rand.NewPCG(uint64(seed), 0x1e0_2026))
	yy := last.Format("06")
	out := make([]*content.Interest, max(n, 0))
	statuses := content.InterestStatuses()
	for k := range out {
		answer := func() string {
			var b strings.Builder
			for range 1 + r.IntN(4) {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(interestAnswers[r.IntN(len(interestAnswers))])
			}
			return b.String()
		}
		at := last.Add(-time.Duration(n-1-k) * time.Minute).UTC().Truncate(time.Millisecond)
		email := fmt.Sprintf("firm%d@example.com", first+k)
		i := &content.Interest{
			Ref: fmt.Sprintf("EOI-%s-%05d", yy, first+k), Need: need.Ref, Hub: need.Hub,
			Company:     content.InterestCompany{Name: fmt.Sprintf("شرکت دانش‌بنیان شماره %d", first+k), Country: "IR"},
			ContactName: "مریم احمدی", Email: email,
			Answers: content.Answers{Offer: answer(), Fit: answer(), Proposal: answer()},
			Consent: true, Lang: "fa", Status: content.InterestNew, History: []content.StatusChange{},
			Version: 1, CreatedAt: at, UpdatedAt: at, DedupeKey: content.DedupeKey(need.Ref, email),
		}
		if s := statuses[r.IntN(len(statuses))]; s != content.InterestNew && s != content.InterestDeclined {
			i.History = append(i.History, content.StatusChange{At: at, By: "staff@park.example", From: i.Status, To: s})
			i.Status, i.Version = s, 2
		}
		out[k] = i
	}
	return out
}
