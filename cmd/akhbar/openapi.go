package main

import (
	"fmt"
	"os"

	"akhbar/internal/api"
)

// printOpenAPI writes the content API's OpenAPI document to stdout, for
// validators and client generators (the site serves the same document at
// /api/v1/openapi.json).
func printOpenAPI(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("openapi takes no arguments")
	}
	doc, err := api.Document()
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(doc, '\n'))
	return err
}
