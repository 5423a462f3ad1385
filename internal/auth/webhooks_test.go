package auth

import (
	"testing"

	"akhbar/internal/content"
)

// TestManageWebhooks: only an active admin manages webhooks.
func TestManageWebhooks(t *testing.T) {
	for _, tc := range []struct {
		u    content.User
		want bool
	}{
		{content.User{ID: 1, Role: content.RoleAdmin}, true},
		{content.User{ID: 1, Role: content.RoleAdmin, Disabled: true}, false},
		{content.User{ID: 1, Role: content.RoleEditor}, false},
		{content.User{ID: 1, Role: content.RoleReporter}, false},
		{content.User{ID: 1, Role: content.RoleContributor}, false},
		{content.User{Role: content.RoleAdmin}, false},
	} {
		if got := Can(tc.u, ManageWebhooks, nil); got != tc.want {
			t.Errorf("%s (disabled %v, id %d): Can(ManageWebhooks) = %v", tc.u.Role, tc.u.Disabled, tc.u.ID, got)
		}
	}
}
