package stress

import (
	"fmt"
	"html"
	"net/http"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"sort"
	"strconv"
	"strings"
	"time"
)

// pprofMux serves the /debug/pprof endpoints from runtime/pprof on a private mux.
// It does not import net/http/pprof, whose init registers handlers on
// http.DefaultServeMux of every program that links the harness.
func pprofMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprofIndex)
	mux.HandleFunc("/debug/pprof/cmdline", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, strings.Join(os.Args, "\x00"))
	})
	mux.HandleFunc("/debug/pprof/profile", pprofCPU)
	mux.HandleFunc("/debug/pprof/trace", pprofTrace)
	return mux
}

func seconds(r *http.Request, def int) time.Duration {
	s, err := strconv.Atoi(r.FormValue("seconds"))
	if err != nil || s <= 0 {
		s = def
	}
	if s > 600 {
		s = 600
	}
	return time.Duration(s) * time.Second
}

func pprofCPU(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="profile"`)
	if err := pprof.StartCPUProfile(w); err != nil {
		http.Error(w, "could not enable CPU profiling: "+err.Error(), http.StatusInternalServerError)
		return
	}
	select {
	case <-time.After(seconds(r, 30)):
	case <-r.Context().Done():
	}
	pprof.StopCPUProfile()
}

func pprofTrace(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="trace"`)
	if err := trace.Start(w); err != nil {
		http.Error(w, "could not enable tracing: "+err.Error(), http.StatusInternalServerError)
		return
	}
	select {
	case <-time.After(seconds(r, 1)):
	case <-r.Context().Done():
	}
	trace.Stop()
}

func pprofIndex(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/debug/pprof/")
	if name != "" {
		p := pprof.Lookup(name)
		if p == nil {
			http.Error(w, "unknown profile "+html.EscapeString(name), http.StatusNotFound)
			return
		}
		debug, _ := strconv.Atoi(r.FormValue("debug"))
		if debug > 0 {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
		}
		if name == "heap" && r.FormValue("gc") != "" {
			// like net/http/pprof: ?gc=1 runs a GC first
			runtimeGC()
		}
		p.WriteTo(w, debug)
		return
	}
	profiles := pprof.Profiles()
	sort.Slice(profiles, func(i, j int) bool { return profiles[i].Name() < profiles[j].Name() })
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, "<html><head><title>/debug/pprof/</title></head><body><p>/debug/pprof/</p><table>\n")
	for _, p := range profiles {
		fmt.Fprintf(w, "<tr><td>%d</td><td><a href=\"%s?debug=1\">%s</a></td></tr>\n", p.Count(),
			html.EscapeString(p.Name()), html.EscapeString(p.Name()))
	}
	fmt.Fprint(w, "<tr><td></td><td><a href=\"profile?seconds=30\">profile</a> (CPU)</td></tr>\n")
	fmt.Fprint(w, "<tr><td></td><td><a href=\"trace?seconds=1\">trace</a></td></tr>\n</table></body></html>\n")
}
