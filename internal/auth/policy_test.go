package auth

import (
	"fmt"
	"testing"

	"akhbar/internal/content"
)

// TestPolicyMatrix checks every role against every action, on an article
// of their own and someone else's, in every state.
func TestPolicyMatrix(t *testing.T) {
	const me, other = 10, 20
	users := map[content.Role]content.User{}
	for _, r := range []content.Role{content.RoleAdmin, content.RoleEditor, content.RoleReporter, content.RoleContributor} {
		users[r] = content.User{ID: me, Role: r}
	}
	states := []content.Status{content.StatusDraft, content.StatusSubmitted, content.StatusScheduled, content.StatusPublished, content.StatusUnpublished}
	notLive := map[content.Status]bool{content.StatusDraft: true, content.StatusSubmitted: true, content.StatusUnpublished: true}

	// want says what each role may do to an article (mine or not) in a state.
	want := func(role content.Role, act Action, mine bool, st content.Status) bool {
		switch role {
		case content.RoleAdmin:
			return true
		case content.RoleEditor:
			return act != ManageUsers && act != ManageSettings && act != ViewAudit && act != ManageSections
		case content.RoleReporter:
			switch act {
			case CreateArticle:
				return true
			case ViewArticle:
				return mine
			case EditArticle, SubmitArticle:
				return mine && notLive[st]
			}
		case content.RoleContributor:
			switch act {
			case CreateArticle:
				return true
			case ViewArticle:
				return mine
			case EditArticle:
				return mine && st == content.StatusDraft
			}
		}
		return false
	}
	checked := 0
	for role, u := range users {
		for _, act := range Actions {
			for _, mine := range []bool{true, false} {
				for _, st := range states {
					a := &content.Article{ID: 5, Status: st, CreatedBy: other}
					if mine {
						a.Authors = []content.User{{ID: me}}
					}
					got := Can(u, act, a)
					if got != want(role, act, mine, st) {
						t.Errorf("%s %s (mine=%v, %s): got %v", role, act, mine, st, got)
					}
					checked++
				}
			}
		}
	}
	if checked != 4*len(Actions)*2*len(states) {
		t.Fatal(fmt.Sprint("matrix incomplete: ", checked))
	}
	// Media: every role against every media action, own upload or not.
	for role, u := range users {
		editor := role == content.RoleAdmin || role == content.RoleEditor
		for _, act := range MediaActions {
			for _, mine := range []bool{true, false} {
				m := &content.Media{ID: 3, CreatedBy: other}
				if mine {
					m.CreatedBy = me
				}
				want := act == UploadMedia || editor && act != UploadMedia || act == EditMedia && mine
				if got := CanMedia(u, act, m); got != want {
					t.Errorf("%s %s (mine=%v): got %v", role, act, mine, got)
				}
			}
		}
	}
	if CanMedia(content.User{ID: me, Role: content.RoleEditor, Disabled: true}, UploadMedia, nil) {
		t.Error("a disabled user may upload")
	}
	if Can(content.User{ID: me, Role: content.RoleAdmin, Disabled: true}, ViewAudit, nil) {
		t.Error("a disabled admin may still act")
	}
	if Can(content.User{Role: content.RoleAdmin}, ViewAudit, nil) {
		t.Error("a user with no id (signed out) may act")
	}
	if Can(content.User{ID: me, Role: "king"}, CreateArticle, nil) {
		t.Error("an unknown role may act")
	}
	// Sections: admins only; tags: admins and editors.
	for role, u := range users {
		if got := Can(u, ManageSections, nil); got != (role == content.RoleAdmin) {
			t.Errorf("%s ManageSections: %v", role, got)
		}
		if got := Can(u, ManageTags, nil); got != (role == content.RoleAdmin || role == content.RoleEditor) {
			t.Errorf("%s ManageTags: %v", role, got)
		}
	}
	if !Can(users[content.RoleReporter], EditArticle, &content.Article{Status: content.StatusDraft}) {
		t.Error("a reporter cannot edit the new article they are writing")
	}
}
