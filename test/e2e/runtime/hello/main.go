// The program of the e2e images that can run (test/e2e/hello-images.ts),
// cross-compiled per architecture: it prints a greeting naming the image and
// the platform it was compiled for, and exits with HELLO_EXIT. The image's
// Dockerfile sets the environment: HELLO_NAME, HELLO_SAY (another line
// instead of the greeting), HELLO_SILENT=1 (print nothing), HELLO_EXIT.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
)

// variant is set with -ldflags "-X main.variant=v7" for linux/arm/v7.
var variant string

func main() {
	platform := "linux/" + runtime.GOARCH
	if variant != "" {
		platform += "/" + variant
	}
	name := os.Getenv("HELLO_NAME")
	if name == "" {
		name = "hello"
	}
	if os.Getenv("HELLO_SILENT") != "1" {
		if say := os.Getenv("HELLO_SAY"); say != "" {
			fmt.Println(say)
		} else {
			fmt.Printf("%s 1.2.3 (%s)\n", name, platform)
		}
	}
	code, err := strconv.Atoi(os.Getenv("HELLO_EXIT"))
	if err != nil {
		code = 0
	}
	os.Exit(code)
}
