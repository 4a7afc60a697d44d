package developerconnect

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzExpirationTime: expiration_time is kept as Google gave it, and warns only when it is not RFC
// 3339. Every RFC 3339 time, whatever its offset, its number of fractional digits and the case of
// its T and Z, must read without a warning; any other string must not panic.
func FuzzExpirationTime(f *testing.F) {
	f.Add(int64(1780000000), uint32(123456789), int16(0), uint8(9), false, "2026-06-01T12:00:00Z")
	f.Add(int64(0), uint32(0), int16(-330), uint8(0), true, "2026-06-01t12:00:00.5+05:30")
	f.Add(int64(253402300799), uint32(5), int16(14*60), uint8(12), false, "not a time")
	f.Fuzz(func(t *testing.T, unix int64, nanos uint32, offsetMinutes int16, digits uint8, lower bool, answer string) {
		// Whatever Google sends, no panic; and nothing shorter than 2006-01-02T15:04:05Z reads as a time.
		if readableTime(answer) && len(answer) < len("2006-01-02T15:04:05Z") {
			t.Errorf("%q reads as an RFC 3339 time", answer)
		}

		unix %= 253402300800 // years 0001 to 9999, which RFC 3339 can write
		if unix < -62135596800 {
			unix = -unix % 62135596800
		}
		offset := int(offsetMinutes) % (24 * 60)
		at := time.Unix(unix, int64(nanos%1e9)).In(time.FixedZone("", offset*60))
		if at.Year() < 1 || at.Year() > 9999 {
			return
		}
		s := rfc3339(at, int(digits%16))
		if lower {
			s = strings.ToLower(s)
		}
		if !readableTime(s) {
			t.Errorf("%q is RFC 3339, but reads as unreadable", s)
		}
	})
}

// rfc3339 writes at with exactly digits fractional digits (beyond nine, zeros), and its offset as
// Z or ±hh:mm.
func rfc3339(at time.Time, digits int) string {
	s := at.Format("2006-01-02T15:04:05")
	if digits > 0 {
		frac := fmt.Sprintf("%09d", at.Nanosecond()) + strings.Repeat("0", max(digits-9, 0))
		s += "." + frac[:digits]
	}
	_, offset := at.Zone()
	if offset == 0 {
		return s + "Z"
	}
	sign := "+"
	if offset < 0 {
		sign, offset = "-", -offset
	}
	return s + fmt.Sprintf("%s%02d:%02d", sign, offset/3600, offset/60%60)
}
