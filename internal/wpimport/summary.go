package wpimport

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"akhbar/internal/wxr"
)

// What happened to a record.
const (
	outcomeCreated   = "created"
	outcomeUpdated   = "updated"
	outcomeUnchanged = "unchanged"
	outcomeLinked    = "linked to an existing user"
	outcomeNoFile    = "metadata only (no uploads folder)"
)

// Skip is a record the import did not take, and why.
type Skip struct {
	Line   int // in the export file
	Kind   string
	ID     string
	Title  string
	Reason string
}

// Summary is what an import did (or, in a dry run, would do).
type Summary struct {
	DryRun    bool
	Site      string
	Source    string
	Counts    map[string]map[string]int // kind → outcome → records
	Ignored   map[string]int            // record kinds Akhbar has no place for (menus, revisions…)
	Skipped   []Skip
	Redirects int
	Warnings  int      // content the conversion left out (unknown shortcodes, missing images)
	Repaired  int      // characters XML forbids, replaced so items could be read
	Invite    []string // emails of authors created without a password
	Protected []Skip   // password-protected posts, imported as drafts (Reason is empty)
	Fatal     *wxr.FatalError
}

func newSummary(dry bool) *Summary {
	return &Summary{DryRun: dry, Counts: map[string]map[string]int{}, Ignored: map[string]int{}}
}

func (s *Summary) count(kind, outcome string) {
	if s.Counts[kind] == nil {
		s.Counts[kind] = map[string]int{}
	}
	s.Counts[kind][outcome]++
}

func (s *Summary) ignore(kind string) { s.Ignored[kind]++ }

// protect notes a password-protected post imported as a draft.
func (s *Summary) protect(line int, kind, id, title string) {
	s.Protected = append(s.Protected, Skip{Line: line, Kind: kind, ID: id, Title: title})
}

func (s *Summary) skip(line int, kind, id, title, reason string) {
	if id == "0" {
		id = ""
	}
	s.Skipped = append(s.Skipped, Skip{Line: line, Kind: kind, ID: id, Title: title, Reason: reason})
}

// Count is the number of records of a kind with an outcome.
func (s *Summary) Count(kind, outcome string) int { return s.Counts[kind][outcome] }

// maxListed bounds the skipped records printed one by one.
const maxListed = 50

// Write prints the summary for a person: counts per kind, skipped records
// with their lines and reasons, and what to do next.
func (s *Summary) Write(w io.Writer) {
	verb := "imported"
	if s.DryRun {
		verb = "would import (dry run: nothing was written)"
	}
	fmt.Fprintf(w, "%s %q from %s\n", verb, s.Site, s.Source)
	kinds := make([]string, 0, len(s.Counts))
	for k := range s.Counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		outs := make([]string, 0, len(s.Counts[k]))
		for o, n := range s.Counts[k] {
			outs = append(outs, fmt.Sprintf("%d %s", n, o))
		}
		sort.Strings(outs)
		fmt.Fprintf(w, "  %-12s %s\n", plural(k)+":", strings.Join(outs, ", "))
	}
	fmt.Fprintf(w, "  %-12s %d old addresses kept\n", "redirects:", s.Redirects)
	if len(s.Ignored) > 0 {
		var parts []string
		for k, n := range s.Ignored {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
		sort.Strings(parts)
		fmt.Fprintf(w, "  not content, left out: %s\n", strings.Join(parts, ", "))
	}
	if s.Warnings > 0 {
		fmt.Fprintf(w, "  %d pieces of post content left out (unknown shortcodes, embeds, images not found)\n", s.Warnings)
	}
	if s.Repaired > 0 {
		fmt.Fprintf(w, "  %d characters XML forbids (pasted from Word) were replaced\n", s.Repaired)
	}
	if len(s.Skipped) > 0 {
		reasons := map[string]int{}
		for _, k := range s.Skipped {
			reasons[k.Reason]++
		}
		byReason := make([]string, 0, len(reasons))
		for r, n := range reasons {
			byReason = append(byReason, fmt.Sprintf("%d %s", n, r))
		}
		sort.Strings(byReason)
		fmt.Fprintf(w, "skipped %d (%s):\n", len(s.Skipped), strings.Join(byReason, "; "))
		for i, k := range s.Skipped {
			if i == maxListed {
				fmt.Fprintf(w, "  … and %d more\n", len(s.Skipped)-maxListed)
				break
			}
			fmt.Fprintf(w, "  line %d: %s %s %q: %s\n", k.Line, k.Kind, k.ID, k.Title, k.Reason)
		}
	}
	if len(s.Protected) > 0 {
		fmt.Fprintf(w, "%d password-protected posts were imported as drafts, not published (Akhbar has no password-protected posts); an editor decides on each:\n", len(s.Protected))
		for i, k := range s.Protected {
			if i == maxListed {
				fmt.Fprintf(w, "  … and %d more\n", len(s.Protected)-maxListed)
				break
			}
			fmt.Fprintf(w, "  line %d: %s %s %q\n", k.Line, k.Kind, k.ID, k.Title)
		}
	}
	if len(s.Invite) > 0 {
		fmt.Fprintf(w, "%d authors have accounts without a password; set one for each with: akhbar user reset EMAIL\n", len(s.Invite))
	}
	if s.Fatal != nil {
		fmt.Fprintf(w, "the file ends early: %v\neverything before line %d is imported; run the import again with the whole file to finish\n",
			s.Fatal, s.Fatal.Line)
	}
}

func plural(kind string) string {
	if strings.HasSuffix(kind, "y") {
		return strings.TrimSuffix(kind, "y") + "ies"
	}
	return kind + "s"
}
