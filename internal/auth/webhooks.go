package auth

// ManageWebhooks subscribes URLs to the site's events, pauses, edits and
// deletes subscriptions, sees their secrets and delivery logs, and
// redelivers. Admins only: a subscription makes the server send requests
// where an admin says, signed in the site's name.
const ManageWebhooks Action = "manage_webhooks"
