// shellcheck-dedupe stands in for shellcheck when actionlint checks a large
// batch of generated workflows. actionlint pipes each `run:` script to
// shellcheck on stdin; the generated workflows repeat the same dozen scripts
// hundreds of times. Within one batch (SHELLCHECK_DEDUPE_DIR, fresh per batch)
// each distinct (arguments, script) pair is checked once by the real
// shellcheck (SHELLCHECK_REAL) and its answer replayed for identical copies.
//
// Built by scripts/install-tools.sh into .tools/bin.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	real, dir := os.Getenv("SHELLCHECK_REAL"), os.Getenv("SHELLCHECK_DEDUPE_DIR")
	if real == "" || dir == "" {
		fmt.Fprintln(os.Stderr, "shellcheck-dedupe: SHELLCHECK_REAL and SHELLCHECK_DEDUPE_DIR must be set")
		os.Exit(2)
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	hash := sha256.New()
	hash.Write([]byte(strings.Join(os.Args[1:], "\x00")))
	hash.Write([]byte{0})
	hash.Write(input)
	cache := filepath.Join(dir, hex.EncodeToString(hash.Sum(nil)))

	if code, err := os.ReadFile(cache + ".rc"); err == nil {
		out, err := os.ReadFile(cache + ".out")
		if err != nil {
			fail(err)
		}
		os.Stdout.Write(out)
		os.Exit(atoi(code))
	}

	cmd := exec.Command(real, os.Args[1:]...)
	cmd.Stdin = bytes.NewReader(input)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		fail(err)
	}
	// Write the answer before the exit code: a present .rc means a complete .out.
	suffix := "." + strconv.Itoa(os.Getpid())
	write(cache+".out", suffix, out)
	write(cache+".rc", suffix, []byte(strconv.Itoa(code)))
	os.Stdout.Write(out)
	os.Exit(code)
}

func write(path, suffix string, data []byte) {
	if err := os.WriteFile(path+suffix, data, 0o644); err != nil {
		fail(err)
	}
	if err := os.Rename(path+suffix, path); err != nil {
		fail(err)
	}
}

func atoi(b []byte) int {
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		fail(err)
	}
	return n
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "shellcheck-dedupe:", err)
	os.Exit(2)
}
