package handlers

import (
	"bytes"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"

	"hubdir/content"
	"hubdir/content/catalog"
)

// metrics are the service's Prometheus metrics, in a registry of their own
// (two Servers in one process, as in tests, never share counters).
//
// Labels carry only values from closed sets: route patterns as registered
// ("/:lang/needs/:ref", never the path asked for), methods, status codes,
// error codes, hub codes and limiter names. Nothing a client types, and no
// personal data, becomes a label value.
type metrics struct {
	reg *prometheus.Registry

	requests     *prometheus.CounterVec   // route, method, status
	latency      *prometheus.HistogramVec // route, method
	storeErrors  *prometheus.CounterVec   // operation, code
	interests    *prometheus.CounterVec   // hub, result
	limited      *prometheus.CounterVec   // limiter
	limiterFalls *prometheus.CounterVec   // limiter
	// admitTimeouts counts public reads that ran without a slot after
	// waiting admitWait (admit.go).
	admitTimeouts prometheus.Counter

	// routes is the set of route patterns requests are labelled with;
	// anything else (no route matched) is "other".
	routes map[string]bool

	mu  sync.RWMutex
	obs map[obsKey]observers // per route, method and status: no label hashing per request
}

// obsKey names the series one request updates.
type obsKey struct {
	route, method string
	status        int
}

// observers are the series of one obsKey.
type observers struct {
	count   prometheus.Counter
	latency prometheus.Observer
}

// newMetrics registers the service's metrics, those of the Go runtime and
// the process, and the catalog's figures, which are read at each scrape.
func newMetrics(cat *catalog.Catalog) *metrics {
	m := &metrics{
		reg:    prometheus.NewRegistry(),
		routes: map[string]bool{},
		obs:    map[obsKey]observers{},
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hubdir_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hubdir_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hubdir_store_errors_total",
			Help: "Requests that failed because of the store, by operation (method and route pattern) and code (unavailable, internal).",
		}, []string{"operation", "code"}),
		interests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hubdir_interests_received_total",
			Help: "Registrations of interest stored, by hub and result (created, or duplicate of an earlier one).",
		}, []string{"hub", "result"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hubdir_rate_limited_total",
			Help: "Requests refused by a rate limiter, by limiter.",
		}, []string{"limiter"}),
		limiterFalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hubdir_rate_limit_store_errors_total",
			Help: "Times a rate limiter could not reach the store and counted locally, by limiter.",
		}, []string{"limiter"}),
		admitTimeouts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hubdir_read_admission_timeouts_total",
			Help: "Public reads that waited the longest wait for a slot and then ran without one.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.storeErrors, m.interests, m.limited, m.limiterFalls, m.admitTimeouts,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		catalogCollector{cat})
	return m
}

// learnRoutes records the route patterns of the app, once its routes are
// registered.
func (m *metrics) learnRoutes(app *fiber.App) {
	for _, r := range app.GetRoutes(true) {
		m.routes[r.Path] = true
	}
}

// observe records one answered request. route is the pattern of the route
// that answered it.
func (m *metrics) observe(route, method string, status int, took time.Duration) {
	if !m.routes[route] {
		route = "other"
	}
	if !knownMethod(method) {
		method = "OTHER"
	}
	k := obsKey{route: route, method: method, status: status}
	m.mu.RLock()
	o, ok := m.obs[k]
	m.mu.RUnlock()
	if !ok {
		// Copy the strings: Fiber reuses the buffers behind them.
		k = obsKey{route: string([]byte(route)), method: string([]byte(method)), status: status}
		o = observers{
			count:   m.requests.WithLabelValues(k.route, k.method, strconv.Itoa(status)),
			latency: m.latency.WithLabelValues(k.route, k.method),
		}
		m.mu.Lock()
		m.obs[k] = o
		m.mu.Unlock()
	}
	o.count.Inc()
	o.latency.Observe(took.Seconds())
}

// knownMethod reports whether method is one of the methods labels may name.
func knownMethod(method string) bool {
	switch method {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodPost, fiber.MethodPut, fiber.MethodPatch,
		fiber.MethodDelete, fiber.MethodOptions:
		return true
	}
	return false
}

// storeError counts a request that failed with code "unavailable" or
// "internal".
func (m *metrics) storeError(method, route, code string) {
	if !m.routes[route] {
		route = "other"
	}
	if !knownMethod(method) {
		method = "OTHER"
	}
	m.storeErrors.WithLabelValues(method+" "+route, code).Inc()
}

// metrics answers GET /metrics in the Prometheus text format.
func (s *Server) metrics(c *fiber.Ctx) error {
	families, err := s.m.reg.Gather()
	if err != nil {
		s.logger(c).ErrorContext(c.UserContext(), "gather metrics", "err", err)
	}
	var buf bytes.Buffer
	format := expfmt.NewFormat(expfmt.TypeTextPlain)
	enc := expfmt.NewEncoder(&buf, format)
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	c.Set(fiber.HeaderContentType, string(format))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// catalogCollector reports the catalog's figures at each scrape.
type catalogCollector struct{ cat *catalog.Catalog }

var (
	catalogDocsDesc = prometheus.NewDesc("hubdir_catalog_documents",
		"Documents held by the in-memory catalog (drafts included), by kind.", []string{"kind"}, nil)
	catalogRevDesc = prometheus.NewDesc("hubdir_catalog_revision",
		"Highest store revision applied to the catalog.", nil, nil)
	catalogLagDesc = prometheus.NewDesc("hubdir_catalog_sync_lag_seconds",
		"Seconds since the catalog last confirmed it is current with the store.", nil, nil)
	catalogLoadedDesc = prometheus.NewDesc("hubdir_catalog_loaded",
		"1 when the catalog has been loaded from the store.", nil, nil)
)

// Describe implements prometheus.Collector.
func (cc catalogCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- catalogDocsDesc
	ch <- catalogRevDesc
	ch <- catalogLagDesc
	ch <- catalogLoadedDesc
}

// Collect implements prometheus.Collector.
func (cc catalogCollector) Collect(ch chan<- prometheus.Metric) {
	st := cc.cat.Stats()
	for _, k := range []struct {
		kind string
		n    int
	}{{"hubs", st.Hubs}, {"needs", st.Needs}, {"companies", st.Companies}, {"agreements", st.Agreements}} {
		ch <- prometheus.MustNewConstMetric(catalogDocsDesc, prometheus.GaugeValue, float64(k.n), k.kind)
	}
	ch <- prometheus.MustNewConstMetric(catalogRevDesc, prometheus.GaugeValue, float64(st.Rev))
	loaded := 0.0
	if cc.cat.Loaded() {
		loaded = 1
	}
	ch <- prometheus.MustNewConstMetric(catalogLoadedDesc, prometheus.GaugeValue, loaded)
	if !st.SyncedAt.IsZero() {
		ch <- prometheus.MustNewConstMetric(catalogLagDesc, prometheus.GaugeValue, time.Since(st.SyncedAt).Seconds())
	}
}

// interest counts a registration of interest by hub and result (the
// workspace's OnInterest).
func (m *metrics) interest(i *content.Interest, created bool) {
	if i == nil || !content.ValidHubCode(i.Hub) {
		return
	}
	result := "duplicate"
	if created {
		result = "created"
	}
	m.interests.WithLabelValues(i.Hub, result).Inc()
}
