// Package xmllint runs libxml2's xmllint for tests: well-formedness of the
// feeds, and sitemaps against their XML schemas. Without xmllint on PATH a
// check is skipped, saying why, unless AKHBAR_TEST_XMLLINT=1 (CI) makes its
// absence a failure.
package xmllint

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// Env names the variable that makes a missing xmllint fail the test.
const Env = "AKHBAR_TEST_XMLLINT"

// Path returns xmllint's path, or skips (or fails, see Env) the test.
func Path(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err == nil {
		return p
	}
	if os.Getenv(Env) == "1" {
		t.Fatalf("%s=1 but xmllint is not on PATH: install the Debian package libxml2-utils", Env)
	}
	t.Skipf("xmllint not on PATH (Debian package libxml2-utils); set %s=1 to make its absence a failure", Env)
	return ""
}

// Run checks data with xmllint --noout --nonet, and against the XML schema
// file when schema is not empty, and returns what xmllint said and whether
// the document passed.
func Run(t testing.TB, data []byte, schema string) (out string, ok bool) {
	t.Helper()
	args := []string{"--noout", "--nonet"}
	if schema != "" {
		args = append(args, "--schema", schema)
	}
	cmd := exec.Command(Path(t), append(args, "-")...)
	cmd.Stdin = bytes.NewReader(data)
	b, err := cmd.CombinedOutput()
	return string(b), err == nil && (schema != "" || len(b) == 0)
}
