package content

// transitions lists where an article may move from each state. Moves
// not listed are refused whoever asks; who may make a listed move is
// the auth policy's business.
var transitions = map[Status][]Status{
	StatusDraft:       {StatusSubmitted, StatusScheduled, StatusPublished},
	StatusSubmitted:   {StatusDraft, StatusScheduled, StatusPublished},
	StatusScheduled:   {StatusDraft, StatusPublished},
	StatusPublished:   {StatusUnpublished},
	StatusUnpublished: {StatusDraft, StatusSubmitted, StatusScheduled, StatusPublished},
}

// CanTransition reports whether an article may move from one state to another.
func CanTransition(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Live reports whether readers can see an article in this state.
func (s Status) Live() bool { return s == StatusPublished }

// Label is the state's name in the newsroom.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "مسودہ"
	case StatusSubmitted:
		return "نظرِ ثانی کے لیے پیش"
	case StatusScheduled:
		return "طے شدہ"
	case StatusPublished:
		return "شائع شدہ"
	case StatusUnpublished:
		return "اشاعت واپس"
	}
	return string(s)
}

// Label is the role's name in the newsroom.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "منتظم"
	case RoleEditor:
		return "مدیر"
	case RoleReporter:
		return "رپورٹر"
	case RoleContributor:
		return "معاون قلم کار"
	}
	return string(r)
}

// Statuses and Roles in display order.
var (
	Statuses = []Status{StatusDraft, StatusSubmitted, StatusScheduled, StatusPublished, StatusUnpublished}
	Roles    = []Role{RoleAdmin, RoleEditor, RoleReporter, RoleContributor}
)
