package main

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// The chart's frame, in SVG user units (pixels).
const (
	svgWidth, svgHeight = 760, 460
	plotLeft, plotRight = 70.0, 730.0
	plotTop, plotBottom = 60.0, 400.0
)

// seriesColours are one per line, the floor's first, in the order of the results.
var seriesColours = []string{"#777777", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b"}

type point struct {
	n       int
	seconds float64
}

type series struct {
	name   string
	floor  bool
	points []point
}

// refreshSeries returns the median refresh time per N of each workload, in the order they first
// appear in the results (the floor first).
func (rep *report) refreshSeries() []series {
	var out []series
	index := map[string]int{}
	for _, r := range rep.Results {
		i, ok := index[r.Type]
		if !ok {
			i = len(out)
			index[r.Type] = i
			out = append(out, series{name: r.Type, floor: r.Floor})
		}
		out[i].points = append(out[i].points, point{r.N, r.Phases[phaseRefresh].MedianSeconds})
	}
	return out
}

// refreshSVG draws the refresh plan's median seconds against N: axes from 0, a line per
// workload with a dot per N (hover for the value), and a legend.
func (rep *report) refreshSVG() string {
	all := rep.refreshSeries()
	maxN, maxSeconds := 1, 0.0
	for _, s := range all {
		for _, p := range s.points {
			maxN = max(maxN, p.n)
			maxSeconds = max(maxSeconds, p.seconds)
		}
	}
	step := niceStep(maxSeconds)
	top := math.Max(step, math.Ceil(maxSeconds/step)*step)
	x := func(n int) float64 { return plotLeft + float64(n)/float64(maxN)*(plotRight-plotLeft) }
	y := func(s float64) float64 { return plotBottom - s/top*(plotBottom-plotTop) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", svgWidth, svgHeight)
	fmt.Fprintf(&b, `<text x="%g" y="24" font-size="15" font-weight="bold">Refresh plan: median wall time against N</text>`+"\n", plotLeft)
	fmt.Fprintf(&b, `<text x="%g" y="42" fill="#555">%s</text>`+"\n", plotLeft, html.EscapeString(fmt.Sprintf(
		"terraform plan of N unchanged blocks; mock latency %s; medians of %d run(s); Terraform %s",
		formatLatency(rep.LatencyMS), rep.Runs, rep.Terraform)))

	// Horizontal grid lines with the seconds on the left.
	for s := 0.0; s <= top+step/2; s += step {
		fmt.Fprintf(&b, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="#e5e5e5"/>`+"\n", plotLeft, y(s), plotRight, y(s))
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end">%s</text>`+"\n", plotLeft-6, y(s)+4, formatTick(s, step))
	}
	// A tick and a label at every N measured.
	for _, p := range all[0].points {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="black"/>`+"\n", x(p.n), plotBottom, x(p.n), plotBottom+5)
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="middle">%d</text>`+"\n", x(p.n), plotBottom+18, p.n)
	}
	fmt.Fprintf(&b, `<path d="M%g %g V%g H%g" fill="none" stroke="black"/>`+"\n", plotLeft, plotTop, plotBottom, plotRight)
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle">N (resources, data source entries or ephemeral blocks)</text>`+"\n",
		(plotLeft+plotRight)/2, plotBottom+38)
	fmt.Fprintf(&b, `<text transform="translate(18 %g) rotate(-90)" text-anchor="middle">seconds</text>`+"\n",
		(plotTop+plotBottom)/2)

	for i, s := range all {
		colour, dash := seriesStyle(i, s)
		coords := make([]string, len(s.points))
		for j, p := range s.points {
			coords[j] = fmt.Sprintf("%.1f,%.1f", x(p.n), y(p.seconds))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n",
			strings.Join(coords, " "), colour, dash)
		for _, p := range s.points {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s, N = %d: %.2f s</title></circle>`+"\n",
				x(p.n), y(p.seconds), colour, html.EscapeString(s.name), p.n, p.seconds)
		}
	}
	writeLegend(&b, all)
	b.WriteString("</svg>\n")
	return b.String()
}

// niceStep returns a grid step of 1, 2 or 5 times a power of ten that cuts 0..maxValue into about
// five parts.
func niceStep(maxValue float64) float64 {
	if maxValue <= 0 {
		return 1
	}
	raw := maxValue / 5
	magnitude := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if m*magnitude >= raw {
			return m * magnitude
		}
	}
	return 10 * magnitude
}

// formatTick prints a grid value with as many decimals as the step needs.
func formatTick(v, step float64) string {
	decimals := max(0, int(-math.Floor(math.Log10(step))))
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// writeLegend draws the legend top left, where the lines (which rise with N) leave room, on a
// white ground in case they do not.
func writeLegend(b *strings.Builder, all []series) {
	fmt.Fprintf(b, `<rect x="%g" y="%g" width="270" height="%d" fill="white" fill-opacity="0.85"/>`+"\n",
		plotLeft+6, plotTop+3, len(all)*18+6)
	for i, s := range all {
		colour, dash := seriesStyle(i, s)
		y := plotTop + 14 + float64(i)*18
		fmt.Fprintf(b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="2"%s/>`+"\n",
			plotLeft+12, y, plotLeft+36, y, colour, dash)
		name := s.name
		if s.floor {
			name += " (the floor)"
		}
		fmt.Fprintf(b, `<text x="%g" y="%g">%s</text>`+"\n", plotLeft+42, y+4, html.EscapeString(name))
	}
}

// seriesStyle returns the i-th line's colour, and a dash pattern for the floor.
func seriesStyle(i int, s series) (colour, dash string) {
	if s.floor {
		dash = ` stroke-dasharray="6 4"`
	}
	return seriesColours[i%len(seriesColours)], dash
}
