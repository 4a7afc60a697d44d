package gitlab

// The error types the external tests tell apart, under names they can reach.
type (
	UnconfirmedError = unconfirmedError
	ListError        = listError
)
