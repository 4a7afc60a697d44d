package gitlab

import (
	"strconv"
)

// Scopes are the scopes GitLab accepts for a project access token. GitLab adds scopes over time:
// append a new one here and the validator and the docs both follow.
var Scopes = []string{
	"api", "read_api", "read_registry", "write_registry", "read_virtual_registry", "write_virtual_registry",
	"read_repository", "write_repository", "create_runner", "manage_runner", "ai_features", "k8s_proxy",
	"read_observability", "write_observability", "self_rotate",
}

// accessLevel pairs a role name with GitLab's numeric access level.
type accessLevel struct {
	name  string
	value int
}

// accessLevels are the roles a project access token can have, lowest first.
var accessLevels = []accessLevel{
	{"guest", 10}, {"planner", 15}, {"reporter", 20}, {"developer", 30}, {"maintainer", 40}, {"owner", 50},
}

const defaultAccessLevel = "maintainer"

func accessLevelNames() []string {
	names := make([]string, len(accessLevels))
	for i, l := range accessLevels {
		names[i] = l.name
	}
	return names
}

// AccessLevelValues are GitLab's numbers of the roles, lowest first.
func AccessLevelValues() []int {
	values := make([]int, len(accessLevels))
	for i, l := range accessLevels {
		values[i] = l.value
	}
	return values
}

func accessLevelValue(name string) int {
	for _, l := range accessLevels {
		if l.name == name {
			return l.value
		}
	}
	return 0
}

// accessLevelName names a numeric level; a level this provider does not know yet keeps its number.
func accessLevelName(value int) string {
	for _, l := range accessLevels {
		if l.value == value {
			return l.name
		}
	}
	return strconv.Itoa(value)
}
