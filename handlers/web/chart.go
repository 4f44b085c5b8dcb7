package web

// chart is a horizontal bar chart drawn on the server as inline SVG: one
// row per figure, one bar per hub, each row scaled to its largest value
// (the values are written at the bars' ends). On right-to-left pages the
// labels and bars start at the right and the bars grow to the left (the
// SVG itself is laid out left to right, so its anchors mean the same in
// every locale).
type chart struct {
	Width, Height int
	Rows          []chartRow
	Legend        []chartLegend
}

// chartRow is one figure: its label and a bar per hub.
type chartRow struct {
	Label          string
	LabelX, LabelY int
	Anchor         string // text-anchor of the label
	Bars           []chartBar
}

// chartBar is one hub's bar and its value.
type chartBar struct {
	X, Y, W, H   int
	Fill         string
	Value        string
	ValueX       int
	ValueY       int
	ValueAnchor  string
	AccessibleID string
}

// chartLegend names a hub's colour.
type chartLegend struct {
	Fill string
	Name localText
}

// hubColours are the bars' colours, by hub order; both contrast at least
// 3:1 with the white background.
var hubColours = [...]string{"#0b5d6b", "#b35400", "#5b3f99", "#1c6b34"}

// Chart geometry, in SVG user units: each row is its label on a line of
// its own, then one bar per hub, so that long labels in any language fit
// and the chart stays legible when a phone scales it down.
const (
	chartWidth  = 480
	chartValueW = 48
	chartLabelH = 22
	chartBarH   = 18
	chartBarGap = 4
	chartRowGap = 14
)

// impactChart draws the impact figures of hubs.
func impactChart(v *view, hubs []impactRow) chart {
	metrics := []struct {
		label string
		value func(hubImpact) int
	}{
		{v.T("site.impact.needs"), func(h hubImpact) int { return h.Needs }},
		{v.T("site.impact.interests"), func(h hubImpact) int { return h.Interests }},
		{v.T("site.impact.matched"), func(h hubImpact) int { return h.Matched }},
		{v.T("site.impact.agreements"), func(h hubImpact) int { return h.Agreements }},
	}
	rtl := v.Dir == "rtl"
	c := chart{Width: chartWidth}
	for i, h := range hubs {
		c.Legend = append(c.Legend, chartLegend{Fill: hubColours[i%len(hubColours)], Name: h.Name})
	}
	barArea := chartWidth - chartValueW
	y := 4
	for _, m := range metrics {
		row := chartRow{Label: m.label, LabelY: y + 16, LabelX: 0, Anchor: "start"}
		if rtl {
			row.LabelX, row.Anchor = chartWidth, "end"
		}
		y += chartLabelH
		top := 0
		for _, h := range hubs {
			top = max(top, m.value(h.hubImpact))
		}
		for i, h := range hubs {
			val := m.value(h.hubImpact)
			w := 0
			if top > 0 {
				w = val * barArea / top
			}
			if val > 0 {
				w = max(w, 3)
			}
			b := chartBar{
				Y: y + i*(chartBarH+chartBarGap), W: w, H: chartBarH,
				Fill: hubColours[i%len(hubColours)], Value: v.Num(val),
			}
			b.ValueY = b.Y + chartBarH/2 + 5
			if rtl {
				b.X = chartWidth - w
				b.ValueX, b.ValueAnchor = b.X-6, "end"
			} else {
				b.ValueX, b.ValueAnchor = w+6, "start"
			}
			row.Bars = append(row.Bars, b)
		}
		c.Rows = append(c.Rows, row)
		y += len(hubs)*chartBarH + max(len(hubs)-1, 0)*chartBarGap + chartRowGap
	}
	c.Height = y
	return c
}
