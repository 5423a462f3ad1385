package auth

import "akhbar/internal/content"

// Action is something a newsroom user may or may not do. Every permission
// check in Akhbar goes through Can, so the whole policy is on this page.
type Action string

// The actions. Article actions take the article; the others take nil.
const (
	CreateArticle    Action = "create_article"
	ViewArticle      Action = "view_article" // in the newsroom, with its revisions
	EditArticle      Action = "edit_article"
	SubmitArticle    Action = "submit_article"
	PublishArticle   Action = "publish_article" // also schedules
	UnpublishArticle Action = "unpublish_article"
	DeleteArticle    Action = "delete_article"
	ListAllArticles  Action = "list_all_articles"
	ManageUsers      Action = "manage_users"
	ManageSettings   Action = "manage_settings"
	ViewAudit        Action = "view_audit"
	// ManageBreaking raises and takes down the breaking-news strip.
	ManageBreaking Action = "manage_breaking"
	// ManageFrontPage places stories on the home page (lead, top
	// stories, a pick per section block) and pins them.
	ManageFrontPage Action = "manage_front_page"
	// RunLiveCoverage turns an article into live coverage, posts, edits,
	// pins and deletes its updates, and ends the coverage (takes the article).
	RunLiveCoverage Action = "run_live_coverage"
	// ManageSections creates, renames, moves, reorders and deletes the
	// site's sections (the navigation and the URLs of every story). Admins
	// only.
	ManageSections Action = "manage_sections"
	// ManageTags renames and merges tags (their old addresses redirect).
	ManageTags Action = "manage_tags"
)

// Media actions; they take the image (CanMedia).
const (
	UploadMedia Action = "upload_media"
	EditMedia   Action = "edit_media" // caption, credit, alt text, replacing the file
	DeleteMedia Action = "delete_media"
)

// MediaActions lists the media actions.
var MediaActions = []Action{UploadMedia, EditMedia, DeleteMedia}

// CanMedia reports whether u may do act to the image m (nil for uploads).
// Everyone who writes may upload; editors and admins edit and delete any
// image; reporters and contributors edit the words of their own uploads.
func CanMedia(u content.User, act Action, m *content.Media) bool {
	if u.ID == 0 || u.Disabled || !u.Role.Valid() {
		return false
	}
	editor := u.Role == content.RoleAdmin || u.Role == content.RoleEditor
	switch act {
	case UploadMedia:
		return true
	case EditMedia:
		return editor || (m != nil && m.CreatedBy == u.ID)
	case DeleteMedia:
		return editor
	}
	return false
}

// Actions lists every action, for tests and documentation.
var Actions = []Action{CreateArticle, ViewArticle, EditArticle, SubmitArticle, PublishArticle,
	UnpublishArticle, DeleteArticle, ListAllArticles, ManageUsers, ManageSettings, ViewAudit, ManageBreaking,
	ManageFrontPage, RunLiveCoverage, ManageSections, ManageTags}

// Can reports whether u may do act (to a, for article actions).
//
//   - admin: everything.
//   - editor: every article action on every article, the breaking-news
//     strip, the front page, live coverage and tags; not users, settings,
//     sections, webhooks or the audit log.
//   - reporter: writes, edits and submits their own articles while they are
//     not live (draft, submitted, unpublished); never publishes.
//   - contributor: writes and edits their own drafts only.
func Can(u content.User, act Action, a *content.Article) bool {
	if u.ID == 0 || u.Disabled {
		return false
	}
	switch u.Role {
	case content.RoleAdmin:
		return true
	case content.RoleEditor:
		switch act {
		case ManageUsers, ManageSettings, ViewAudit, ManageWebhooks, ManageSections:
			return false
		}
		return true
	case content.RoleReporter:
		switch act {
		case CreateArticle:
			return true
		case ViewArticle:
			return a != nil && owns(u, a)
		case EditArticle, SubmitArticle:
			return a != nil && owns(u, a) &&
				(a.Status == content.StatusDraft || a.Status == content.StatusSubmitted || a.Status == content.StatusUnpublished)
		}
		return false
	case content.RoleContributor:
		switch act {
		case CreateArticle:
			return true
		case ViewArticle:
			return a != nil && owns(u, a)
		case EditArticle:
			return a != nil && owns(u, a) && a.Status == content.StatusDraft
		}
		return false
	}
	return false
}

// owns: the user created the article or is in its byline.
func owns(u content.User, a *content.Article) bool {
	if a.ID == 0 || a.CreatedBy == u.ID {
		return true
	}
	for _, au := range a.Authors {
		if au.ID == u.ID {
			return true
		}
	}
	return false
}
