package mockapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// paginate answers one page of items with GitLab's pagination headers (X-Total, X-Next-Page, Link).
func paginate[T any](w http.ResponseWriter, r *http.Request, items []T) []T {
	q := r.URL.Query()
	perPage := atoiOr(q.Get("per_page"), 20)
	perPage = min(max(perPage, 1), 100)
	page := max(atoiOr(q.Get("page"), 1), 1)
	total := len(items)
	pages := max((total+perPage-1)/perPage, 1)

	h := w.Header()
	h.Set("X-Total", strconv.Itoa(total))
	h.Set("X-Total-Pages", strconv.Itoa(pages))
	h.Set("X-Per-Page", strconv.Itoa(perPage))
	h.Set("X-Page", strconv.Itoa(page))
	h.Set("X-Next-Page", "")
	h.Set("X-Prev-Page", "")
	link := func(p int, rel string) string {
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath}
		lq := url.Values{}
		for k, v := range q {
			lq[k] = v
		}
		lq.Set("page", strconv.Itoa(p))
		lq.Set("per_page", strconv.Itoa(perPage))
		u.RawQuery = lq.Encode()
		return fmt.Sprintf("<%s>; rel=\"%s\"", u.String(), rel)
	}
	links := link(1, "first") + ", " + link(pages, "last")
	if page < pages {
		h.Set("X-Next-Page", strconv.Itoa(page+1))
		links = link(page+1, "next") + ", " + links
	}
	if page > 1 {
		h.Set("X-Prev-Page", strconv.Itoa(page-1))
		links = link(page-1, "prev") + ", " + links
	}
	h.Set("Link", links)

	start := min((page-1)*perPage, total)
	out := items[start:min(start+perPage, total)]
	if out == nil {
		out = []T{}
	}
	return out
}

// pageProblems are GitLab's validation errors for a page or per_page that is not a whole number;
// empty counts as not given.
func pageProblems(q url.Values) []string {
	var out []string
	for _, name := range []string{"page", "per_page"} {
		if v := q.Get(name); v != "" {
			if _, err := strconv.Atoi(v); err != nil {
				out = append(out, name+" is invalid")
			}
		}
	}
	return out
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}
