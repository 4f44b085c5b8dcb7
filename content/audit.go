package content

import "time"

// Audit actions. Listing writes use the transition names too ("publish",
// "close", "archive"); interest writes use "status".
const (
	AuditCreate  = "create"
	AuditUpdate  = "update"
	AuditDelete  = "delete"
	AuditPublish = "publish"
	// Transitions, review and interest actions.
	AuditClose     = "close"
	AuditArchive   = "archive"
	AuditUnpublish = "unpublish"
	AuditReview    = "review"
	AuditRenew     = "renew"
	AuditStatus    = "status"
	AuditErase     = "erase"
	AuditImport    = "import"
	AuditSignIn    = "signin"
	AuditSignOut   = "signout"
	AuditLocked    = "locked"
	AuditStaffAdd  = "staff.add"
	AuditRole      = "staff.role"
	AuditDisable   = "staff.disable"
	AuditEnable    = "staff.enable"
	AuditPassword  = "staff.password"
	AuditTokenNew  = "token.create"
	AuditTokenDel  = "token.revoke"
)

// Audit kinds: what ID names.
const (
	KindNeed      = "need"
	KindCompany   = "company"
	KindAgreement = "agreement"
	KindInterest  = "interest"
	KindStaff     = "staff"
	KindToken     = "token"
	KindImport    = "import"
	KindOffer     = "offer"
)

// AuditEntry records one staff change: who (By, an email), when, what
// (Action on the document Kind/ID of Hub) and which fields changed.
type AuditEntry struct {
	Key    string    `bson:"_id" json:"-"` // set by the store
	At     time.Time `bson:"at" json:"at"`
	By     string    `bson:"by" json:"by"`
	Action string    `bson:"action" json:"action"`
	Kind   string    `bson:"kind" json:"kind"`
	ID     string    `bson:"id" json:"id"`
	Hub    string    `bson:"hub,omitempty" json:"hub,omitempty"`
	Fields []string  `bson:"fields,omitempty" json:"fields,omitempty"`
	// Via is the channel: ChannelWeb, ChannelAPI, ChannelCLI, ChannelImport.
	Via string `bson:"via,omitempty" json:"via,omitempty"`
}

// AuditFilter selects audit entries, newest first. Empty fields match
// everything; Until is exclusive; Limit 0 means 500.
type AuditFilter struct {
	By    string
	Kind  string
	ID    string
	Hub   string
	Since time.Time
	Until time.Time
	Limit int
}
