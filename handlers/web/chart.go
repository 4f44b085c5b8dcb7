package web

// chart is a horizontal bar chart drawn on the server as inline SVG: one
// row per figure, one bar per hub, each row scaled to its largest value
// (the values are written at the bars' ends). On right-to-left pages the
// labels stand on the right and the bars grow to the left (the SVG itself
// is laid out left to right, so its anchors mean the same in every locale).
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

// Chart geometry, in SVG user units.
const (
	chartWidth  = 640
	chartLabelW = 190
	chartValueW = 56
	chartBarH   = 20
	chartBarGap = 4
	chartRowGap = 18
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
	barArea := chartWidth - chartLabelW - chartValueW
	y := 8
	for _, m := range metrics {
		rowH := len(hubs)*chartBarH + max(len(hubs)-1, 0)*chartBarGap
		row := chartRow{Label: m.label, LabelY: y + rowH/2 + 5, LabelX: chartLabelW - 10, Anchor: "end"}
		if rtl {
			row.LabelX, row.Anchor = chartWidth-chartLabelW+10, "start"
		}
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
				b.X = chartWidth - chartLabelW - w
				b.ValueX, b.ValueAnchor = b.X-6, "end"
			} else {
				b.X = chartLabelW
				b.ValueX, b.ValueAnchor = b.X+w+6, "start"
			}
			row.Bars = append(row.Bars, b)
		}
		c.Rows = append(c.Rows, row)
		y += rowH + chartRowGap
	}
	c.Height = y
	return c
}
